/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small helpers the netlink test programs share.
 */
#ifndef _PILOT_NL_TEST_H
#define _PILOT_NL_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Run a shell command; its wait status. */
static inline int sh(const char *cmd)
{
	return system(cmd);
}

/* Write @text to @path: 0 or a negative errno. */
static inline int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int err;

	if (!f)
		return -errno;
	err = fputs(text, f) < 0 ? -EIO : 0;
	if (fclose(f))
		err = -errno;
	return err;
}

#endif /* _PILOT_NL_TEST_H */

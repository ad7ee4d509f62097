/* SPDX-License-Identifier: GPL-2.0 */
/* pilot-keyd's log lines, on stderr (systemd captures them). */
#ifndef KEYD_LOG_H
#define KEYD_LOG_H

#include <stdbool.h>
#include <syslog.h>

extern bool keyd_verbose;

void keyd_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* KEYD_LOG_H */

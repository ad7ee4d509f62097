// SPDX-License-Identifier: GPL-2.0
/*
 * Log lines on stderr. Under systemd (JOURNAL_STREAM set) each line starts
 * with a "<N>" syslog priority, which the journal turns into the line's
 * priority; elsewhere lines are plain. LOG_DEBUG lines need --verbose.
 * Nothing secret is ever passed here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

bool keyd_verbose;

/**
 * keyd_log() - write one log line
 * @prio: a LOG_* priority
 * @fmt: printf format, without the trailing newline
 */
void keyd_log(int prio, const char *fmt, ...)
{
	static int journal = -1;
	va_list ap;

	if (prio >= LOG_DEBUG && !keyd_verbose)
		return;
	if (journal < 0)
		journal = getenv("JOURNAL_STREAM") != NULL;
	if (journal)
		fprintf(stderr, "<%d>", prio);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

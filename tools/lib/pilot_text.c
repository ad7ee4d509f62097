// SPDX-License-Identifier: GPL-2.0
/*
 * Text helpers the configuration parsers of pilot and pilot-keyd share.
 */

#include <ctype.h>
#include <string.h>

#include "pilot_nl.h"

/**
 * pilot_trim() - strip leading and trailing white space, in place
 * @s: the text; its trailing space is overwritten with NULs
 *
 * Return: the first character that is not space.
 */
char *pilot_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

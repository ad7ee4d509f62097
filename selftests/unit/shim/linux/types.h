/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for <linux/types.h>: lets the module's pure-logic files
 * compile unchanged in userspace for unit tests and fuzzing.
 */
#ifndef PILOT_SHIM_LINUX_TYPES_H
#define PILOT_SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define pr_err(...) fprintf(stderr, __VA_ARGS__)
#define __init
#define __initconst
#define __initdata

#endif

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
typedef uint16_t __be16;
typedef uint32_t __be32;
typedef uint64_t __be64;

#define __packed __attribute__((packed))
#define cpu_to_be16(x) ((__be16)__builtin_bswap16(x))
#define cpu_to_be32(x) ((__be32)__builtin_bswap32(x))
#define be16_to_cpu(x) ((u16)__builtin_bswap16(x))
#define be32_to_cpu(x) ((u32)__builtin_bswap32(x))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define pr_err(...) fprintf(stderr, __VA_ARGS__)
#define __init
#define __initconst
#define __initdata

#endif

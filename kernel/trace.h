/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoints of pilot: key exchanges installed, re-keys given up, drops
 * by reason, endpoint changes and PILA verdicts. No key, nonce or
 * signature is ever traced.
 *
 *   echo 1 > /sys/kernel/tracing/events/pilot/enable
 *   cat /sys/kernel/tracing/trace_pipe
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM pilot

#if !defined(_PILOT_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _PILOT_TRACE_H

#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/tracepoint.h>
#include <uapi/linux/pilot.h>

const char *pilot_trace_drop_reason(u32 reason);
const char *pilot_trace_auth_result(u32 result);

TRACE_EVENT(pilot_key_installed,
	    TP_PROTO(const struct net_device *dev, u32 node_id, bool authenticated,
		     bool key_changed),
	    TP_ARGS(dev, node_id, authenticated, key_changed),
	    TP_STRUCT__entry(__array(char, dev, IFNAMSIZ)
			     __field(u32, node_id)
			     __field(bool, authenticated)
			     __field(bool, key_changed)),
	    TP_fast_assign(strscpy(__entry->dev, dev->name, IFNAMSIZ);
			   __entry->node_id = node_id;
			   __entry->authenticated = authenticated;
			   __entry->key_changed = key_changed;),
	    TP_printk("%s peer %u key installed (%s%s)", __entry->dev, __entry->node_id,
		      __entry->authenticated ? "authenticated" : "unauthenticated",
		      __entry->key_changed ? ", rekey" : "")
);

TRACE_EVENT(pilot_rekey_gave_up,
	    TP_PROTO(const struct net_device *dev, u32 node_id),
	    TP_ARGS(dev, node_id),
	    TP_STRUCT__entry(__array(char, dev, IFNAMSIZ)
			     __field(u32, node_id)),
	    TP_fast_assign(strscpy(__entry->dev, dev->name, IFNAMSIZ);
			   __entry->node_id = node_id;),
	    TP_printk("%s peer %u rekey gave up", __entry->dev, __entry->node_id)
);

TRACE_EVENT(pilot_drop,
	    TP_PROTO(const struct net_device *dev, u32 node_id, u32 reason, bool rx),
	    TP_ARGS(dev, node_id, reason, rx),
	    TP_STRUCT__entry(__array(char, dev, IFNAMSIZ)
			     __field(u32, node_id)
			     __field(u32, reason)
			     __field(bool, rx)),
	    TP_fast_assign(strscpy(__entry->dev, dev->name, IFNAMSIZ);
			   __entry->node_id = node_id;
			   __entry->reason = reason;
			   __entry->rx = rx;),
	    TP_printk("%s %s drop, peer %u, reason %s", __entry->dev,
		      __entry->rx ? "rx" : "tx", __entry->node_id,
		      pilot_trace_drop_reason(__entry->reason))
);

TRACE_EVENT(pilot_endpoint_changed,
	    TP_PROTO(const struct net_device *dev, u32 node_id, u16 family,
		     const struct in6_addr *addr, u16 port),
	    TP_ARGS(dev, node_id, family, addr, port),
	    TP_STRUCT__entry(__array(char, dev, IFNAMSIZ)
			     __field(u32, node_id)
			     __field(u16, family)
			     __array(u8, addr, 16)
			     __field(u16, port)),
	    TP_fast_assign(strscpy(__entry->dev, dev->name, IFNAMSIZ);
			   __entry->node_id = node_id;
			   __entry->family = family;
			   memcpy(__entry->addr, addr, 16);
			   __entry->port = port;),
	    TP_printk("%s peer %u endpoint [%pI6c]:%u", __entry->dev, __entry->node_id,
		      __entry->addr, __entry->port)
);

TRACE_EVENT(pilot_auth,
	    TP_PROTO(const struct net_device *dev, u32 node_id, u32 result),
	    TP_ARGS(dev, node_id, result),
	    TP_STRUCT__entry(__array(char, dev, IFNAMSIZ)
			     __field(u32, node_id)
			     __field(u32, result)),
	    TP_fast_assign(strscpy(__entry->dev, dev->name, IFNAMSIZ);
			   __entry->node_id = node_id;
			   __entry->result = result;),
	    TP_printk("%s node %u PILA refused (%s)", __entry->dev, __entry->node_id,
		      pilot_trace_auth_result(__entry->result))
);

#endif /* _PILOT_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>

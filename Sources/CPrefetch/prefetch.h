#ifndef IMPACT_PREFETCH_H
#define IMPACT_PREFETCH_H

/// Asks the processor to bring the cache line at `address` in for reading, without waiting for it.
/// Swift has no prefetch of its own; the engagements reader uses this to look up a partner id a few
/// lines ahead (see IdentifierTable.prefetch).
static inline void impact_prefetch(const void *address) { __builtin_prefetch(address, 0, 1); }

#endif

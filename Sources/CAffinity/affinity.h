#ifndef IMPACT_AFFINITY_H
#define IMPACT_AFFINITY_H

#ifdef __linux__
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#endif

/// The number of CPUs in this process's affinity mask (what `taskset` and cpusets allow); -1 where it
/// cannot be read. Swift's Glibc module does not export `sched_getaffinity` or `CPU_COUNT` (GNU
/// extensions), hence this header.
static inline int impact_affinity_count(void) {
#ifdef __linux__
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    return CPU_COUNT(&set);
#else
    return -1;
#endif
}

#endif

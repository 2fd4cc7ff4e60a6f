#ifndef IMPACT_WRITEBACK_H
#define IMPACT_WRITEBACK_H

#include <sys/syscall.h>
#include <unistd.h>

/// Starts writing `length` bytes of the file open as `descriptor`, from `offset`, to the disk without
/// waiting for them (Linux `sync_file_range` with `SYNC_FILE_RANGE_WRITE`, which Swift's Glibc module
/// does not declare), so that a later fsync has less left to wait for. 0, or -1 with errno set; where
/// the call does not exist, 0 and nothing done (the fsync still makes the file durable).
static inline int impact_start_writeback(int descriptor, long long offset, long long length) {
#if defined(__linux__) && defined(SYS_sync_file_range)
    return (int)syscall(SYS_sync_file_range, descriptor, offset, length, 2 /* SYNC_FILE_RANGE_WRITE */);
#else
    (void)descriptor;
    (void)offset;
    (void)length;
    return 0;
#endif
}

#endif

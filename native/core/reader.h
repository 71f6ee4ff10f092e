// Reads the /proc/PID files that a listing needs for one process.
#pragma once

#include "core/process.h"
#include "proc/mount_guard.h"

namespace psnode::core {

enum class ReadOutcome {
  kOk,
  kGone,     // the process exited, or the pid names no process
  kSkipped,  // the files did not parse: the row is left out
};

// Opens /proc/PID under `proc_fd` and reads the files in `sources` into
// `out`. Every file comes through the one directory descriptor, so all of
// a row's values belong to the same process even if the pid is reused
// while it is read. On kOk, `out.dir_fd` stays open for the caller to
// close with CloseProcess. It is -1 when the row needs the stat file
// alone, because that file is then read by path.
//
// With `tid` above 0, the files are those of thread `tid` of process `pid`
// (/proc/PID/task/TID), for a row per thread. With `leaders_only`, a pid
// that names a thread other than its thread group leader counts as kGone,
// as `ps -p TID` finds nothing for it.
// With `guard` (a container's /proc), the directory and every file must
// lie on the guarded procfs mount, else the row is left out (kSkipped).
ReadOutcome ReadProcess(int proc_fd, int pid, int tid, unsigned sources,
                        bool leaders_only, ProcessRecord& out,
                        const proc::MountGuard* guard = nullptr);

// Closes the directory descriptor that ReadProcess left open.
void CloseProcess(ProcessRecord& record);

}  // namespace psnode::core

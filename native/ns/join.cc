#include "ns/join.h"

#include <cerrno>
#include <sched.h>
#include <new>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace psnode::ns {
namespace {

JoinStatus EnterNamespace(int mnt_ns_fd, int root_fd) {
  if (unshare(CLONE_FS) != 0) return {errno, "unshare"};
  if (setns(mnt_ns_fd, CLONE_NEWNS) != 0) return {errno, "setns"};
  if (fchdir(root_fd) != 0) return {errno, "fchdir"};
  if (chroot(".") != 0) return {errno, "chroot"};
  if (chdir("/") != 0) return {errno, "chdir"};
  return {};
}

}  // namespace

JoinStatus RunInMountNamespace(int mnt_ns_fd, int root_fd,
                               const std::function<void()>& work) {
  JoinStatus status;
  try {
    std::thread thread([&] {
      status = EnterNamespace(mnt_ns_fd, root_fd);
      if (status.error != 0) return;
      try {
        work();
      } catch (const std::bad_alloc&) {
        // An exception must not leave this thread: it would terminate Node.
        status = {ENOMEM, "malloc"};
      }
    });
    thread.join();
  } catch (const std::system_error& e) {
    // std::thread reports a failed pthread_create this way.
    status = {e.code().value(), "pthread_create"};
  }
  return status;
}

}  // namespace psnode::ns

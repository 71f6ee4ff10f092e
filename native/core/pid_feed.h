// The pids of a /proc, read from its directory by one thread while other
// threads already read the files of the first ones.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

namespace psnode::core {

// Listing /proc took 0.2 to 0.6 ms for 1,000 processes here, about a
// tenth of reading their stat files. The kernel returns the pids in
// ascending order, as many as fit the caller's buffer per call. A feed
// publishes each batch as it arrives, so the readers start on the first
// pids while the rest of the directory is read.
class PidFeed {
 public:
  // Takes at most `capacity` pids in order; any more go to overflow(),
  // for the caller to read afterwards. The storage never moves, so
  // readers may use published pids while the feed grows.
  explicit PidFeed(std::size_t capacity);

  // Reads the directory open at `dir_fd` (closed here) to its end, then
  // marks the feed complete. Returns false, with errno set, when the
  // directory cannot be read; the pids read before stay published.
  bool Fill(int dir_fd);

  // Waits until pids [0, end) are published or the feed is complete, and
  // returns how many of them are: `end`, or fewer at the end of the feed.
  std::size_t WaitFor(std::size_t end) const;

  int operator[](std::size_t i) const { return pids_[i]; }
  std::size_t capacity() const { return capacity_; }

  // After Fill: the pids past capacity, and whether every pid came after
  // the one before it. The kernel lists them so. If not, the caller must
  // sort them and read again.
  const std::vector<int>& overflow() const { return overflow_; }
  bool ascending() const { return ascending_; }
  std::size_t size() const { return published_.load(std::memory_order_acquire); }

 private:
  void Publish();

  std::unique_ptr<int[]> pids_;  // capacity_ entries, filled by Fill alone
  std::size_t capacity_;
  std::size_t filled_ = 0;       // written by Fill alone
  std::atomic<std::size_t> published_{0};
  std::atomic<bool> complete_{false};
  std::vector<int> overflow_;
  bool ascending_ = true;
};

// Returns the number of tasks the kernel counts (threads included), an
// upper bound on the number of processes.
std::size_t TaskCount();

// Room in a feed, beyond TaskCount(), for the processes that start while
// the directory is read.
constexpr std::size_t kFeedMargin = 256;

}  // namespace psnode::core

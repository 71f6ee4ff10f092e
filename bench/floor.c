/*
 * The floor: the least work that reading a listing's /proc files takes on
 * one thread, with no parsing or formatting. bench/run.mjs compiles it with
 * `cc -O2` and compares each tool's time with it.
 *
 *   floor MODE RUNS [THREADS]
 *
 * MODE names the files read for every process listed in /proc:
 *   default  stat and cmdline, and the owner of /proc/PID by stat(2) for the
 *            effective uid, plus /proc/uptime once (what psnode's default
 *            descriptors need, and what ps reads for them)
 *   stat     stat alone (pid,ppid,comm; the ProcessMonitor's per-sample read)
 *   all      stat, status, cmdline, attr/current, wchan and cgroup, a
 *            stat of each link in ns/, plus /proc/uptime and /proc/stat once
 *            (the files of every descriptor but the host ones)
 *
 * Each run lists /proc with readdir and opens each file by its full path
 * ("/proc/PID/stat") with open, read and close. A read that fills the
 * buffer is followed by another one, so a file is read whole. A short read
 * ends the file, because procfs fills the buffer of a read of these files
 * unless the file ends first. That makes one read per file, the fewest a
 * reader can make.
 *
 * With THREADS above 1, the processes that readdir listed are read by that
 * many threads, each taking every THREADS-th one: the parallel floor, the
 * least time that spreading the reads over threads can reach. Helpers start
 * on CPUs other than the main thread's, as psnode's do: Linux otherwise
 * starts them on the creator's CPU, where they wait while it reads.
 *
 * Prints one JSON object: the time of each run in nanoseconds (measured
 * inside this process, so process start-up is not counted), the processes
 * and bytes read in the last run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum mode { MODE_DEFAULT, MODE_STAT, MODE_ALL };

static __thread char *buffer;
static __thread size_t buffer_size;

/* Reads the file at `path` whole; returns its size, or -1 if it cannot be
 * opened or read (a process that exited meanwhile). */
static long read_file(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t used = 0;
  if (buffer == NULL) {
    buffer_size = 64 * 1024;
    buffer = malloc(buffer_size);
    if (buffer == NULL) abort();
  }
  for (;;) {
    if (used == buffer_size) {
      buffer_size *= 2;
      buffer = realloc(buffer, buffer_size);
      if (buffer == NULL) abort();
    }
    ssize_t got = read(fd, buffer + used, buffer_size - used);
    if (got < 0) {
      close(fd);
      return -1;
    }
    used += (size_t)got;
    if (got == 0 || used < buffer_size) break;
  }
  close(fd);
  return (long)used;
}

static const char *const namespaces[] = {"ipc", "mnt",  "net",    "pid",
                                         "user", "uts", "cgroup", "time"};

/* Reads one process's files; returns the bytes read, or -1 if its stat
 * could not be read. */
static long read_process(const char *pid, enum mode mode) {
  char path[320]; /* d_name is at most 255 bytes */
  long total = 0;
  long got;

  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  if ((got = read_file(path)) < 0) return -1;
  total += got;
  if (mode == MODE_STAT) return total;

  if (mode == MODE_DEFAULT) {
    /* The kernel keeps /proc/PID owned by the task's euid and egid. */
    struct stat st;
    snprintf(path, sizeof path, "/proc/%s", pid);
    if (stat(path, &st) != 0) return -1;
    snprintf(path, sizeof path, "/proc/%s/cmdline", pid);
    if ((got = read_file(path)) > 0) total += got;
    return total;
  }

  static const char *const files[] = {"status", "cmdline", "attr/current",
                                      "wchan", "cgroup"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i) {
    snprintf(path, sizeof path, "/proc/%s/%s", pid, files[i]);
    if ((got = read_file(path)) > 0) total += got;
  }
  if (mode == MODE_ALL) {
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; ++i) {
      struct stat st;
      snprintf(path, sizeof path, "/proc/%s/ns/%s", pid, namespaces[i]);
      stat(path, &st);
    }
  }
  return total;
}

/* The processes of one run, and what the threads read of them. */
struct listing {
  char (*names)[256];
  size_t count;
  enum mode mode;
  int threads;
};

struct share {
  struct listing *listing;
  int index;
  long processes;
  long bytes;
};

/* Reads every threads-th process of the listing, from the share's index. */
static void *read_share(void *arg) {
  struct share *share = arg;
  struct listing *listing = share->listing;
  for (size_t i = (size_t)share->index; i < listing->count; i += (size_t)listing->threads) {
    long got = read_process(listing->names[i], listing->mode);
    if (got < 0) continue;
    share->bytes += got;
    ++share->processes;
  }
  return NULL;
}

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: %s default|stat|all RUNS [THREADS]\n", argv[0]);
    return 2;
  }
  enum mode mode;
  if (strcmp(argv[1], "default") == 0) {
    mode = MODE_DEFAULT;
  } else if (strcmp(argv[1], "stat") == 0) {
    mode = MODE_STAT;
  } else if (strcmp(argv[1], "all") == 0) {
    mode = MODE_ALL;
  } else {
    fprintf(stderr, "invalid mode '%s': expected default, stat or all\n", argv[1]);
    return 2;
  }
  int runs = atoi(argv[2]);
  if (runs < 1) {
    fprintf(stderr, "invalid run count '%s': expected a positive integer\n", argv[2]);
    return 2;
  }

  int threads = argc == 4 ? atoi(argv[3]) : 1;
  if (threads < 1 || threads > 64) {
    fprintf(stderr, "invalid thread count '%s': expected 1 to 64\n", argv[3]);
    return 2;
  }

  struct listing listing = {NULL, 0, mode, threads};
  size_t capacity = 0;
  struct share shares[64];
  pthread_t helpers[64];
  long long *times = calloc((size_t)runs, sizeof *times);
  if (times == NULL) return 1;

  long processes = 0;
  long bytes = 0;
  for (int run = 0; run < runs; ++run) {
    long long start = now_ns();
    processes = 0;
    bytes = 0;
    if (mode != MODE_STAT) bytes += read_file("/proc/uptime");
    if (mode == MODE_ALL) bytes += read_file("/proc/stat");
    DIR *proc = opendir("/proc");
    if (proc == NULL) {
      perror("opendir /proc");
      return 1;
    }
    struct dirent *entry;
    if (threads == 1) {
      while ((entry = readdir(proc)) != NULL) {
        if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
        long got = read_process(entry->d_name, mode);
        if (got < 0) continue;
        bytes += got;
        ++processes;
      }
      closedir(proc);
      times[run] = now_ns() - start;
      continue;
    }

    listing.count = 0;
    while ((entry = readdir(proc)) != NULL) {
      if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
      if (listing.count == capacity) {
        capacity = capacity ? capacity * 2 : 1024;
        listing.names = realloc(listing.names, capacity * sizeof *listing.names);
        if (listing.names == NULL) abort();
      }
      strcpy(listing.names[listing.count++], entry->d_name);
    }
    closedir(proc);
    for (int t = 0; t < threads; ++t) shares[t] = (struct share){&listing, t, 0, 0};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    cpu_set_t others;
    int current = sched_getcpu();
    if (current >= 0 && sched_getaffinity(0, sizeof others, &others) == 0) {
      CPU_CLR(current, &others);
      if (CPU_COUNT(&others) > 0) pthread_attr_setaffinity_np(&attr, sizeof others, &others);
    }
    for (int t = 1; t < threads; ++t) pthread_create(&helpers[t], &attr, read_share, &shares[t]);
    pthread_attr_destroy(&attr);
    read_share(&shares[0]);
    for (int t = 1; t < threads; ++t) pthread_join(helpers[t], NULL);
    for (int t = 0; t < threads; ++t) {
      processes += shares[t].processes;
      bytes += shares[t].bytes;
    }
    times[run] = now_ns() - start;
  }

  printf("{\"mode\":\"%s\",\"processes\":%ld,\"bytes\":%ld,\"timesNs\":[", argv[1],
         processes, bytes);
  for (int run = 0; run < runs; ++run) printf("%s%lld", run ? "," : "", times[run]);
  printf("]}\n");
  return 0;
}

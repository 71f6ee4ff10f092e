/*
 * The floor: the least work that reading a listing's /proc files takes on
 * one thread, with no parsing or formatting. bench/run.mjs compiles it with
 * `cc -O2` and compares each tool's time with it.
 *
 *   floor MODE RUNS
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
 * Prints one JSON object: the time of each run in nanoseconds (measured
 * inside this process, so process start-up is not counted), the processes
 * and bytes read in the last run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum mode { MODE_DEFAULT, MODE_STAT, MODE_ALL };

static char *buffer;
static size_t buffer_size = 64 * 1024;

/* Reads the file at `path` whole; returns its size, or -1 if it cannot be
 * opened or read (a process that exited meanwhile). */
static long read_file(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t used = 0;
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

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s default|stat|all RUNS\n", argv[0]);
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

  buffer = malloc(buffer_size);
  if (buffer == NULL) return 1;
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
    while ((entry = readdir(proc)) != NULL) {
      if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
      long got = read_process(entry->d_name, mode);
      if (got < 0) continue;
      bytes += got;
      ++processes;
    }
    closedir(proc);
    times[run] = now_ns() - start;
  }

  printf("{\"mode\":\"%s\",\"processes\":%ld,\"bytes\":%ld,\"timesNs\":[", argv[1],
         processes, bytes);
  for (int run = 0; run < runs; ++run) printf("%s%lld", run ? "," : "", times[run]);
  printf("]}\n");
  return 0;
}

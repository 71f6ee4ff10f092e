/**
 * Typed records: the same descriptors as the string rows, as numbers,
 * strings and arrays. Units: times in seconds, start times in milliseconds
 * since the epoch, memory in KiB (sz in pages), percentages of one CPU or
 * of MemTotal; null where a value cannot be read or does not apply.
 */

/** The value type of each descriptor in a typed record. */
export interface TypedFields {
  '%cpu': number; // percent of one CPU over the whole life
  '%mem': number | null; // percent of MemTotal; null when unknown
  args: string[]; // argv, unescaped; empty for kernel threads
  bsdstart: number; // start time, ms since the epoch
  capamb: string[] | null; // names without CAP_; null when unknown
  capbnd: string[] | null; // names without CAP_; null when unknown
  capeff: string[] | null; // names without CAP_; null when unknown
  capinh: string[] | null; // names without CAP_; null when unknown
  capprm: string[] | null; // names without CAP_; null when unknown
  cgroup: string[] | null; // lines of /proc/PID/cgroup
  cgroupns: number | null; // null when unreadable
  class: string | null;
  cls: string | null;
  cmd: string[]; // argv, unescaped; empty for kernel threads
  comm: string;
  command: string[]; // argv, unescaped; empty for kernel threads
  cputime: number; // user + system CPU seconds
  cputimes: number; // user + system CPU seconds
  drs: number; // KiB
  egid: number;
  egroup: string;
  etime: number; // seconds since start
  etimes: number; // seconds since start
  euid: number;
  euser: string;
  f: number;
  fgid: number;
  fgroup: string;
  flag: number;
  flags: number;
  fsgid: number;
  fsgroup: string;
  fsuid: number;
  fsuser: string;
  fuid: number;
  fuser: string;
  gid: number;
  group: string;
  groups: string[];
  hgroup: string | null; // null without a join
  hgroups: string[] | null; // null without a join
  hpid: number | null; // null without a join
  huid: number | null; // null without a join
  huser: string | null; // null without a join
  ipcns: number | null; // null when unreadable
  label: string | null; // null without a label
  lstart: number; // start time, ms since the epoch
  lwp: number;
  maj_flt: number;
  majflt: number;
  min_flt: number;
  minflt: number;
  mntns: number | null; // null when unreadable
  netns: number | null; // null when unreadable
  ni: number | null; // null for real-time policies
  nice: number | null; // null for real-time policies
  nlwp: number;
  pcpu: number; // percent of one CPU over the whole life
  pgid: number;
  pgrp: number;
  pid: number;
  pidns: number | null; // null when unreadable
  pmem: number | null; // percent of MemTotal; null when unknown
  policy: string | null;
  ppid: number;
  pri: number;
  psr: number;
  rgid: number;
  rgroup: string;
  rss: number; // KiB
  rssize: number; // KiB
  rsz: number; // KiB
  rtprio: number | null; // null for SCHED_OTHER
  ruid: number;
  ruser: string;
  s: string;
  seccomp: string | null;
  sess: number;
  session: number;
  sgid: number;
  sgroup: string;
  sid: number;
  spid: number;
  start: number; // start time, ms since the epoch
  start_time: number; // start time, ms since the epoch
  stat: string;
  state: string;
  stime: number; // start time, ms since the epoch
  suid: number;
  supgid: number[];
  supgrp: string[];
  suser: string;
  svgid: number;
  svgroup: string;
  svuid: number;
  svuser: string;
  sz: number; // pages
  tgid: number;
  thcount: number;
  tid: number;
  time: number; // user + system CPU seconds
  timens: number | null; // null when unreadable
  times: number; // user + system CPU seconds
  tname: string | null; // null without a terminal
  tpgid: number | null; // null without a terminal
  trs: number; // KiB
  tt: string | null; // null without a terminal
  tty: string | null; // null without a terminal
  ucmd: string;
  ucomm: string;
  uid: number;
  uname: string;
  user: string;
  userns: number | null; // null when unreadable
  utsns: number | null; // null when unreadable
  vsize: number; // KiB
  vsz: number; // KiB
  wchan: string | null; // null when running or unreadable
  wname: string | null; // null when running or unreadable
}

/** A descriptor in normal form. */
export type DescriptorName = keyof TypedFields;

/** One process as a typed record with the requested fields. */
export type ProcessRecord<K extends DescriptorName = DescriptorName> = Pick<TypedFields, K>;

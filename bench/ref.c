/*
 * The C reference of the h5nwb benchmark (see bench/README.md and WORKLOADS.md).
 *
 * Makes the libhdf5 calls h5nwb makes for each workload -- the same property lists (sec2 or family driver,
 * link creation list with intermediate groups and UTF-8 names, dataset creation list with chunking, deflate
 * and object time tracking off, the same chunk cache when asked), the same dataspace shapes (a memory space of
 * the selection's shape), the sequence a C program makes per append (set_extent, get_space, select_hyperslab,
 * write; h5nwb keeps the dataspace on its handle and resizes it instead of fetching it) and the same close
 * (flush, close the dataset, close the file) -- but none of the bookkeeping calls that exist only because of
 * the binding (`mirror=1` adds those h5nwb's append path used to make -- re-reading the extent, a new memory
 * space per call -- to measure what they cost). Plus the raw counterparts (POSIX
 * write/pread/read and memcpy).
 *
 * Built by bench/run.js into $DATA against the HDF5 the addon uses:
 *   gcc -O2 -o $DATA/h5nwb-bench-ref bench/ref.c $(hdf5-config include/libs/ldflags)
 * Usage: ref POOL COMMAND key=value...   Prints RESULT lines (WORKLOADS.md's format) on stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CH 384
#define POOL_ROWS 16000
#define POOL_BYTES ((size_t)POOL_ROWS * CH * 2)
#define WIN_ROWS 1000

static int16_t *pool;
static int nopts;
static char **opts;

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "ref: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(2);
}

#define OK(x)                                                      \
  do {                                                                  \
    if ((x) < 0) die("%s failed (%s:%d)", #x, __FILE__, __LINE__);      \
  } while (0)

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static const char *opt(const char *key, const char *dflt) {
  size_t n = strlen(key);
  for (int i = 0; i < nopts; i++)
    if (strncmp(opts[i], key, n) == 0 && opts[i][n] == '=') return opts[i] + n + 1;
  return dflt;
}
static double optnum(const char *key, double dflt) {
  const char *s = opt(key, NULL);
  return s ? atof(s) : dflt;
}
static const char *need(const char *key) {
  const char *s = opt(key, NULL);
  if (!s) die("missing %s=", key);
  return s;
}

static void load_pool(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die("cannot open %s: %s", path, strerror(errno));
  pool = aligned_alloc(4096, POOL_BYTES);
  size_t got = 0;
  while (got < POOL_BYTES) {
    ssize_t r = read(fd, (char *)pool + got, POOL_BYTES - got);
    if (r <= 0) die("short read of %s", path);
    got += (size_t)r;
  }
  close(fd);
}

static uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}
static uint64_t window_start(uint32_t k, uint64_t nrows) {
  return fmix32(k + 0x9E3779B9u) % (nrows - (WIN_ROWS - 1));
}

/* RESULT impl= wl= variant= metric= value= seconds= [extra] */
static void result(const char *impl, const char *metric, double value, double seconds, const char *fmt, ...) {
  printf("RESULT impl=%s wl=%s variant=%s metric=%s value=%.6g seconds=%.6f", impl, need("wl"), need("variant"),
         metric, value, seconds);
  if (fmt && *fmt) {
    va_list ap;
    va_start(ap, fmt);
    putchar(' ');
    vprintf(fmt, ap);
    va_end(ap);
  }
  putchar('\n');
  fflush(stdout);
}

static void fsync_path(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) die("cannot open %s: %s", path, strerror(errno));
  if (fsync(fd) != 0) die("fsync %s: %s", path, strerror(errno));
  close(fd);
}

static off_t file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? st.st_size : -1;
}

/* ---- property lists as h5nwb makes them ---- */

static hid_t make_fapl(double family, int latest, unsigned efc) {
  hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
  if (family > 0) {
    hid_t member = H5Pcreate(H5P_FILE_ACCESS);
    OK(H5Pset_fapl_family(fapl, (hsize_t)family, member));
    H5Pclose(member);
  } else {
    OK(H5Pset_fapl_sec2(fapl));
  }
  if (latest) OK(H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST));
  if (efc) OK(H5Pset_elink_file_cache_size(fapl, efc));
  return fapl;
}

static hid_t make_lcpl(void) {
  hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
  OK(H5Pset_create_intermediate_group(lcpl, 1));
  OK(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8));
  return lcpl;
}

/* native/core/plist.cc ChooseChunkCache, for a (n, 384) int16 dataset with chunks (chunkrows, 384): filtered
 * datasets only (unfiltered ones keep libhdf5's default cache, so their +rulecache equals the default). */
static int rule_cache(hsize_t chunkrows, int filtered, size_t *nslots, size_t *nbytes, double *w0) {
  double chunkBytes = (double)chunkrows * CH * 2;
  const double kDefault = 1 << 20;
  if (!filtered) return 0;
  double across = 1; /* 384 / 384 */
  double want = chunkBytes * across * 2;
  if (want < kDefault) want = kDefault;
  double cap = 64.0 * (1 << 20);
  if (cap < chunkBytes * 2) cap = chunkBytes * 2;
  if (want > cap) want = cap;
  *nbytes = (size_t)want;
  size_t slots = (size_t)(want / chunkBytes) * 100 + 1;
  *nslots = slots < 521 ? 521 : slots;
  *w0 = 1.0;
  return 1;
}

/* cache=default | rule | SLOTS:BYTES:W0 -> a dataset access list (H5P_DEFAULT for default). */
static hid_t make_dapl(hsize_t chunkrows, int filtered) {
  const char *c = opt("cache", "default");
  size_t nslots, nbytes;
  double w0;
  if (strcmp(c, "default") == 0) return H5P_DEFAULT;
  if (strcmp(c, "rule") == 0) {
    if (!rule_cache(chunkrows, filtered, &nslots, &nbytes, &w0)) return H5P_DEFAULT;
  } else {
    if (sscanf(c, "%zu:%zu:%lf", &nslots, &nbytes, &w0) != 3) die("cache=%s: expected default, rule or S:B:W0", c);
  }
  hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
  OK(H5Pset_chunk_cache(dapl, nslots, nbytes, w0));
  return dapl;
}

/* ---- W1 / W2 / W5 write / W6: appends ---- */

static void cmd_append(void) {
  const char *file = need("file");
  long appends = (long)optnum("appends", 1000);
  hsize_t rows = (hsize_t)optnum("rows", 1000);
  hsize_t chunkrows = (hsize_t)optnum("chunk", 8192);
  int deflate = (int)optnum("deflate", -1);
  int latest = (int)optnum("latest", 0);
  int dofsync = (int)optnum("fsync", 0);
  int mirror = (int)optnum("mirror", 0);
  double family = optnum("family", 0);
  const char *metric = opt("metric", "MB/s");

  hid_t fapl = make_fapl(family, latest, 0);
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
  hid_t lcpl = make_lcpl();
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  hsize_t cdims[2] = {chunkrows, CH};
  OK(H5Pset_chunk(dcpl, 2, cdims));
  if (deflate >= 0) OK(H5Pset_deflate(dcpl, (unsigned)deflate));
  OK(H5Pset_obj_track_times(dcpl, 0));
  hid_t dapl = make_dapl(chunkrows, deflate >= 0);
  hsize_t dims0[2] = {0, CH}, maxd[2] = {H5S_UNLIMITED, CH};
  hid_t space = H5Screate_simple(2, dims0, maxd);
  hid_t ftype = H5Tcopy(H5T_STD_I16LE);
  hsize_t count[2] = {rows, CH};
  hid_t mspace = H5Screate_simple(2, count, NULL);
  hid_t mtype = H5T_NATIVE_INT16;
  if (family > 0) {
    /* a previous run's members would be reused by H5Fcreate's truncate anyway; remove them for a clean start */
    char name[4096];
    for (int i = 0; i < 1000; i++) {
      snprintf(name, sizeof name, file, i);
      if (unlink(name) != 0) break;
    }
  } else {
    unlink(file);
  }

  /* warm=K: K untimed runs of the same appends first (the -warm variants), each into a file of its own that is
     deleted after it (so that the timed run creates its file as the others do, not over a truncated one) */
  long warm = (long)optnum("warm", 0);
  char warmName[4200];
  snprintf(warmName, sizeof warmName, "%s.warm", file);
  double t0 = 0;
  for (long pass = 0; pass <= warm; pass++) {
    const char *target = pass == warm ? file : warmName;
    if (pass == warm) t0 = now();
    hid_t fid = H5Fcreate(target, H5F_ACC_TRUNC, fcpl, fapl);
    OK(fid);
    hid_t d = H5Dcreate2(fid, "data", ftype, space, lcpl, dcpl, dapl);
    OK(d);
    hsize_t n = 0;
    for (long i = 0; i < appends; i++) {
      const int16_t *src = pool + (size_t)(((uint64_t)i * rows) % POOL_ROWS) * CH;
      hsize_t dims[2] = {n + rows, CH};
      if (mirror) {
        /* what h5nwb's ExecuteAppend used to add: re-read the extent, a new memory space per call */
        hid_t s = H5Dget_space(d);
        hsize_t cur[2];
        H5Sget_simple_extent_ndims(s);
        H5Sget_simple_extent_dims(s, cur, NULL);
        H5Sclose(s);
        dims[0] = cur[0] + rows;
      }
      OK(H5Dset_extent(d, dims));
      hid_t fspace = H5Dget_space(d);
      hsize_t start[2] = {n, 0};
      OK(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL));
      if (mirror) {
        hid_t ms = H5Screate_simple(2, count, NULL);
        OK(H5Dwrite(d, mtype, ms, fspace, H5P_DEFAULT, src));
        H5Sclose(ms);
      } else {
        OK(H5Dwrite(d, mtype, mspace, fspace, H5P_DEFAULT, src));
      }
      H5Sclose(fspace);
      n += rows;
    }
    OK(H5Fflush(fid, H5F_SCOPE_LOCAL));
    OK(H5Dclose(d));
    OK(H5Fclose(fid));
    if (dofsync) fsync_path(target);
    if (pass < warm) unlink(warmName);
  }
  double secs = now() - t0;

  double bytes = (double)appends * rows * CH * 2;
  char extra[256];
  if (family > 0) {
    int members = 0;
    char name[4096];
    for (;; members++) {
      snprintf(name, sizeof name, file, members);
      if (access(name, F_OK) != 0) break;
    }
    snprintf(extra, sizeof extra, "bytes=%.0f members=%d", bytes, members);
  } else {
    snprintf(extra, sizeof extra, "bytes=%.0f filesize=%lld", bytes, (long long)file_size(file));
  }
  if (strcmp(metric, "appends/s") == 0)
    result("c-libhdf5", metric, appends / secs, secs, "%s rows=%.0f", extra, (double)appends * rows);
  else
    result("c-libhdf5", metric, bytes / secs / 1e6, secs, "%s", extra);
  H5Sclose(mspace);
  H5Sclose(space);
  H5Tclose(ftype);
  H5Pclose(fapl);
  H5Pclose(fcpl);
  H5Pclose(lcpl);
  H5Pclose(dcpl);
  if (dapl != H5P_DEFAULT) H5Pclose(dapl);
}

/* ---- W3: windows; W5 read: sequential blocks ---- */

static void cmd_read(int windows_mode) {
  const char *file = need("file");
  double family = optnum("family", 0);
  long nwin = (long)optnum("windows", 2000);
  long blocks = (long)optnum("blocks", 0);
  hsize_t chunkrows = (hsize_t)optnum("chunk", 8192);
  int16_t *buf = aligned_alloc(4096, (size_t)WIN_ROWS * CH * 2);
  memset(buf, 0, (size_t)WIN_ROWS * CH * 2);
  hid_t fapl = make_fapl(family, 0, 0);
  hid_t dapl = make_dapl(chunkrows, 0);
  hsize_t count[2] = {WIN_ROWS, CH};
  long n = windows_mode ? nwin : blocks;
  /* warm=K: K untimed passes of the same reads first (the windows-warm variant) */
  long warm = (long)optnum("warm", 0);
  int64_t check = 0;
  double t0 = 0;

  for (long pass = 0; pass <= warm; pass++) {
    if (pass == warm) {
      check = 0;
      t0 = now();
    }
    hid_t fid = H5Fopen(file, H5F_ACC_RDONLY, fapl);
    OK(fid);
    hid_t d = H5Dopen2(fid, "data", dapl);
    OK(d);
    hid_t s0 = H5Dget_space(d);
    hsize_t dims[2];
    H5Sget_simple_extent_dims(s0, dims, NULL);
    H5Sclose(s0);
    for (long k = 0; k < n; k++) {
      hsize_t start[2] = {windows_mode ? window_start((uint32_t)k, dims[0]) : (hsize_t)k * WIN_ROWS, 0};
      hid_t fspace = H5Dget_space(d);
      OK(H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, count, NULL));
      hid_t mspace = H5Screate_simple(2, count, NULL);
      OK(H5Dread(d, H5T_NATIVE_INT16, mspace, fspace, H5P_DEFAULT, buf));
      H5Sclose(mspace);
      H5Sclose(fspace);
      check += buf[0] + buf[WIN_ROWS * CH - 1];
    }
    OK(H5Dclose(d));
    OK(H5Fclose(fid));
  }
  double secs = now() - t0;
  double bytes = (double)n * WIN_ROWS * CH * 2;
  result("c-libhdf5", "MB/s", bytes / secs / 1e6, secs, "bytes=%.0f check=%" PRId64, bytes, check);
  H5Pclose(fapl);
  if (dapl != H5P_DEFAULT) H5Pclose(dapl);
  free(buf);
}

/* ---- W4: link fan-in ---- */

static double *w4_values(void) {
  /* 10 files x 10 groups x 10 datasets x 1000 values, built before timing */
  double *v = malloc(sizeof(double) * 1000 * 1000);
  for (int i = 0; i < 10; i++)
    for (int g = 0; g < 10; g++)
      for (int d = 0; d < 10; d++)
        for (int e = 0; e < 1000; e++) v[((i * 10 + g) * 10 + d) * 1000 + e] = i * 10000 + g * 100 + d + e * 0.001;
  return v;
}

static void cmd_w4_src(void) {
  const char *dir = need("dir");
  double *v = w4_values();
  char path[4096], name[64];
  for (int i = 0; i < 10; i++) {
    snprintf(path, sizeof path, "%s/w4_src%d.h5", dir, i);
    unlink(path);
  }
  hsize_t dims[2] = {100, 10};
  double t0 = now();
  for (int i = 0; i < 10; i++) {
    snprintf(path, sizeof path, "%s/w4_src%d.h5", dir, i);
    hid_t fapl = make_fapl(0, 0, 0);
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    hid_t fid = H5Fcreate(path, H5F_ACC_TRUNC, fcpl, fapl);
    OK(fid);
    H5Pclose(fcpl);
    H5Pclose(fapl);
    for (int g = 0; g < 10; g++) {
      snprintf(name, sizeof name, "g%d", g);
      hid_t lcpl = make_lcpl();
      hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
      hid_t gid = H5Gcreate2(fid, name, lcpl, gcpl, H5P_DEFAULT);
      OK(gid);
      H5Pclose(gcpl);
      H5Pclose(lcpl);
      for (int d = 0; d < 10; d++) {
        snprintf(name, sizeof name, "d%d", d);
        hid_t type = H5Tcopy(H5T_IEEE_F64LE);
        hid_t space = H5Screate_simple(2, dims, NULL);
        hid_t dl = make_lcpl();
        hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
        OK(H5Pset_obj_track_times(dcpl, 0));
        hid_t did = H5Dcreate2(gid, name, type, space, dl, dcpl, H5P_DEFAULT);
        OK(did);
        OK(H5Dwrite(did, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v + ((i * 10 + g) * 10 + d) * 1000));
        H5Dclose(did);
        H5Pclose(dcpl);
        H5Pclose(dl);
        H5Sclose(space);
        H5Tclose(type);
      }
      H5Gclose(gid);
    }
    OK(H5Fflush(fid, H5F_SCOPE_LOCAL));
    OK(H5Fclose(fid));
  }
  double secs = now() - t0;
  result("c-libhdf5", "s", secs, secs, "");
  free(v);
}

static void cmd_w4_links(void) {
  const char *dir = need("dir");
  char path[4096], name[64], file[64], target[64];
  snprintf(path, sizeof path, "%s/w4_links.h5", dir);
  unlink(path);
  double t0 = now();
  hid_t fapl = make_fapl(0, 0, 0);
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
  hid_t fid = H5Fcreate(path, H5F_ACC_TRUNC, fcpl, fapl);
  OK(fid);
  hid_t lcpl = make_lcpl();
  hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
  hid_t gid = H5Gcreate2(fid, "links", lcpl, gcpl, H5P_DEFAULT);
  OK(gid);
  for (int i = 0; i < 10; i++)
    for (int g = 0; g < 10; g++)
      for (int d = 0; d < 10; d++) {
        snprintf(name, sizeof name, "s%d_g%d_d%d", i, g, d);
        snprintf(file, sizeof file, "w4_src%d.h5", i);
        snprintf(target, sizeof target, "/g%d/d%d", g, d);
        hid_t l = make_lcpl();
        OK(H5Lcreate_external(file, target, gid, name, l, H5P_DEFAULT));
        H5Pclose(l);
      }
  H5Gclose(gid);
  OK(H5Fflush(fid, H5F_SCOPE_LOCAL));
  OK(H5Fclose(fid));
  double secs = now() - t0;
  result("c-libhdf5", "s", secs, secs, "");
  H5Pclose(fapl);
  H5Pclose(fcpl);
  H5Pclose(lcpl);
  H5Pclose(gcpl);
}

static void cmd_w4_read(void) {
  const char *dir = need("dir");
  unsigned efc = (unsigned)optnum("efc", 0);
  char path[4096], name[64];
  snprintf(path, sizeof path, "%s/w4_links.h5", dir);
  double *buf = malloc(sizeof(double) * 1000);
  double check = 0;
  double t0 = now();
  hid_t fapl = make_fapl(0, 0, efc);
  hid_t fid = H5Fopen(path, H5F_ACC_RDONLY, fapl);
  OK(fid);
  for (int i = 0; i < 10; i++)
    for (int g = 0; g < 10; g++)
      for (int d = 0; d < 10; d++) {
        snprintf(name, sizeof name, "links/s%d_g%d_d%d", i, g, d);
        hid_t did = H5Oopen(fid, name, H5P_DEFAULT);
        OK(did);
        OK(H5Dread(did, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf));
        H5Oclose(did);
        check += buf[0] + buf[999];
      }
  OK(H5Fclose(fid));
  double secs = now() - t0;
  result("c-libhdf5", "s", secs, secs, "check=%.3f", check);
  H5Pclose(fapl);
  free(buf);
}

/* ---- raw counterparts ---- */

static void cmd_raw_write(void) {
  const char *file = need("file");
  long appends = (long)optnum("appends", 1000);
  long rows = (long)optnum("rows", 1000);
  int dofsync = (int)optnum("fsync", 0);
  const char *metric = opt("metric", "MB/s");
  size_t len = (size_t)rows * CH * 2;
  unlink(file);
  double t0 = now();
  int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) die("cannot create %s: %s", file, strerror(errno));
  for (long i = 0; i < appends; i++) {
    const char *src = (const char *)(pool + (size_t)(((uint64_t)i * rows) % POOL_ROWS) * CH);
    if (write(fd, src, len) != (ssize_t)len) die("write: %s", strerror(errno));
  }
  if (dofsync && fsync(fd) != 0) die("fsync: %s", strerror(errno));
  close(fd);
  double secs = now() - t0;
  double bytes = (double)appends * len;
  if (strcmp(metric, "appends/s") == 0)
    result("c-raw", metric, appends / secs, secs, "bytes=%.0f rows=%.0f", bytes, (double)appends * rows);
  else
    result("c-raw", metric, bytes / secs / 1e6, secs, "bytes=%.0f", bytes);
}

static void cmd_raw_pread(void) {
  const char *file = need("file");
  long nwin = (long)optnum("windows", 2000);
  uint64_t nrows = (uint64_t)(file_size(file) / (CH * 2));
  size_t len = (size_t)WIN_ROWS * CH * 2;
  int16_t *buf = aligned_alloc(4096, len);
  memset(buf, 0, len);
  int64_t check = 0;
  double t0 = now();
  int fd = open(file, O_RDONLY);
  if (fd < 0) die("cannot open %s: %s", file, strerror(errno));
  for (long k = 0; k < nwin; k++) {
    off_t off = (off_t)window_start((uint32_t)k, nrows) * CH * 2;
    if (pread(fd, buf, len, off) != (ssize_t)len) die("pread: %s", strerror(errno));
    check += buf[0] + buf[WIN_ROWS * CH - 1];
  }
  close(fd);
  double secs = now() - t0;
  double bytes = (double)nwin * len;
  result("c-raw", "MB/s", bytes / secs / 1e6, secs, "bytes=%.0f check=%" PRId64, bytes, check);
  free(buf);
}

static void cmd_raw_seqread(void) {
  const char *file = need("file");
  size_t len = (size_t)WIN_ROWS * CH * 2;
  char *buf = aligned_alloc(4096, len);
  double bytes = 0;
  double t0 = now();
  int fd = open(file, O_RDONLY);
  if (fd < 0) die("cannot open %s: %s", file, strerror(errno));
  for (;;) {
    ssize_t r = read(fd, buf, len);
    if (r < 0) die("read: %s", strerror(errno));
    if (r == 0) break;
    bytes += r;
  }
  close(fd);
  double secs = now() - t0;
  result("c-raw", "MB/s", bytes / secs / 1e6, secs, "bytes=%.0f", bytes);
  free(buf);
}

static void cmd_memcpy(void) {
  long blocks = (long)optnum("appends", 1000);
  size_t len = (size_t)WIN_ROWS * CH * 2;
  char *dst = aligned_alloc(4096, (size_t)blocks * len);
  memset(dst, 1, (size_t)blocks * len); /* prefault */
  double t0 = now();
  for (long i = 0; i < blocks; i++) memcpy(dst + (size_t)i * len, (const char *)pool + (size_t)(i % 16) * len, len);
  double secs = now() - t0;
  volatile char sink = dst[(size_t)(blocks - 1) * len + 7];
  (void)sink;
  double bytes = (double)blocks * len;
  result("c-raw", "MB/s", bytes / secs / 1e6, secs, "bytes=%.0f", bytes);
  free(dst);
}

static void cmd_info(void) {
  unsigned maj, min, rel;
  H5get_libversion(&maj, &min, &rel);
  hbool_t ts = 0;
  H5is_library_threadsafe(&ts);
  printf("INFO hdf5=%u.%u.%u threadsafe=%d\n", maj, min, rel, (int)ts);
}

int main(int argc, char **argv) {
  if (argc < 3) die("usage: ref POOL COMMAND key=value...");
  const char *cmd = argv[2];
  nopts = argc - 3;
  opts = argv + 3;
  if (strcmp(cmd, "info") == 0) {
    cmd_info();
    return 0;
  }
  load_pool(argv[1]);
  H5open(); /* library start-up outside the timed region, as node's module import is */
  if (strcmp(cmd, "append") == 0) cmd_append();
  else if (strcmp(cmd, "windows") == 0) cmd_read(1);
  else if (strcmp(cmd, "seqread") == 0) cmd_read(0);
  else if (strcmp(cmd, "w4-src") == 0) cmd_w4_src();
  else if (strcmp(cmd, "w4-links") == 0) cmd_w4_links();
  else if (strcmp(cmd, "w4-read") == 0) cmd_w4_read();
  else if (strcmp(cmd, "raw-write") == 0) cmd_raw_write();
  else if (strcmp(cmd, "raw-pread") == 0) cmd_raw_pread();
  else if (strcmp(cmd, "raw-seqread") == 0) cmd_raw_seqread();
  else if (strcmp(cmd, "memcpy") == 0) cmd_memcpy();
  else die("unknown command %s", cmd);
  H5close();
  return 0;
}

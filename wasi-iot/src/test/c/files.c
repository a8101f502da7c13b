/* File and directory operations below the directory argv[1]; output is independent of where that is. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "errname.h"

/* Two rotating buffers: calls like rename(at(...), at(...)) need both paths alive at once. */
static char paths[2][4096];
static int which;
static const char *at(const char *base, const char *rel) {
    which ^= 1;
    snprintf(paths[which], sizeof paths[which], "%s/%s", base, rel);
    return paths[which];
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    const char *base = argv[1];
    printf("mkdir d: %s\n", errname(mkdir(at(base, "d"), 0755) ? errno : 0));
    printf("mkdir d again: %s\n", errname(mkdir(at(base, "d"), 0755) ? errno : 0));

    FILE *f = fopen(at(base, "d/a.txt"), "w");
    fputs("alpha\n", f);
    fclose(f);
    f = fopen(at(base, "d/a.txt"), "a");
    fputs("beta\n", f);
    fclose(f);
    char buf[256] = {0};
    f = fopen(at(base, "d/a.txt"), "r");
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    printf("read %zu: %s", n, buf);

    struct stat st;
    stat(at(base, "d/a.txt"), &st);
    printf("size=%lld regular=%d dir=%d\n", (long long)st.st_size, S_ISREG(st.st_mode), S_ISDIR(st.st_mode));

    int fd = open(at(base, "d/a.txt"), O_RDWR);
    printf("lseek end-5=%lld\n", (long long)lseek(fd, -5, SEEK_END));
    memset(buf, 0, sizeof buf);
    printf("read=%zd '%s'\n", read(fd, buf, 4), buf);
    printf("pwrite=%zd\n", pwrite(fd, "ALP", 3, 0));
    memset(buf, 0, sizeof buf);
    printf("pread=%zd '%s'\n", pread(fd, buf, 5, 0), buf);
    printf("ftruncate=%d\n", ftruncate(fd, 8));
    fstat(fd, &st);
    printf("size after truncate=%lld\n", (long long)st.st_size);
    close(fd);

    printf("rename: %s\n", errname(rename(at(base, "d/a.txt"), at(base, "d/b.txt")) ? errno : 0));
    printf("open old name: %s\n", errname(open(at(base, "d/a.txt"), O_RDONLY) < 0 ? errno : 0));
    printf("symlink: %s\n", errname(symlink("b.txt", at(base, "d/l")) ? errno : 0));
    char target[64] = {0};
    printf("readlink=%zd '%s'\n", readlink(at(base, "d/l"), target, sizeof target - 1), target);
    printf("link: %s\n", errname(link(at(base, "d/b.txt"), at(base, "d/hard")) ? errno : 0));
    stat(at(base, "d/hard"), &st);
    printf("nlink=%lld\n", (long long)st.st_nlink);
    lstat(at(base, "d/l"), &st);
    printf("lstat link: symlink=%d\n", S_ISLNK(st.st_mode));
    printf("mkdir d/sub: %s\n", errname(mkdir(at(base, "d/sub"), 0755) ? errno : 0));

    DIR *dir = opendir(at(base, "d"));
    char *names[32];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        char *s = malloc(strlen(e->d_name) + 3);
        const char *t = e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : e->d_type == DT_REG ? "" : "?";
        sprintf(s, "%s%s", e->d_name, t);
        names[count++] = s;
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], cmp);
    printf("entries:");
    for (int i = 0; i < count; i++) printf(" %s", names[i]);
    printf("\n");

    printf("rmdir non-empty: %s\n", errname(rmdir(at(base, "d")) ? errno : 0));
    printf("unlink dir: %s\n", errname(unlink(at(base, "d/sub")) ? errno : 0));
    printf("rmdir file: %s\n", errname(rmdir(at(base, "d/b.txt")) ? errno : 0));
    printf("open missing: %s\n", errname(open(at(base, "nope/x"), O_RDONLY) < 0 ? errno : 0));
    printf("excl existing: %s\n", errname(open(at(base, "d/b.txt"), O_CREAT | O_EXCL | O_WRONLY, 0644) < 0 ? errno : 0));
    printf("file as dir: %s\n", errname(open(at(base, "d/b.txt/x"), O_RDONLY) < 0 ? errno : 0));
    const char *gone[] = {"d/b.txt", "d/l", "d/hard"};
    for (int i = 0; i < 3; i++) printf("unlink %s: %s\n", gone[i], errname(unlink(at(base, gone[i])) ? errno : 0));
    printf("rmdir d/sub: %s\n", errname(rmdir(at(base, "d/sub")) ? errno : 0));
    printf("rmdir d: %s\n", errname(rmdir(at(base, "d")) ? errno : 0));
    return 0;
}

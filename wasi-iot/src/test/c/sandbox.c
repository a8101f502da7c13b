/*
 * Tries to get out of the preopen argv[1] (the host test created the symlinks named below).
 * Prints "<what>: <errno name>" for each attempt; OK means the operation succeeded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "errname.h"

static char path[4096], path2[4096];

static void try_open(const char *base, const char *rel, int flags) {
    snprintf(path, sizeof path, "%s/%s", base, rel);
    int fd = open(path, flags, 0644);
    printf("open %s: %s\n", rel, errname(fd < 0 ? errno : 0));
    if (fd >= 0) close(fd);
}

int main(int argc, char **argv) {
    const char *base = argv[1];
    try_open(base, "inside.txt", O_RDONLY);
    try_open(base, "../secret.txt", O_RDONLY);
    try_open(base, "sub/../../secret.txt", O_RDONLY);
    try_open(base, "abs_link", O_RDONLY);
    try_open(base, "rel_link", O_RDONLY);
    try_open(base, "dir_link/secret.txt", O_RDONLY);
    try_open(base, "chain_link", O_RDONLY);
    try_open(base, "loop_a", O_RDONLY);
    try_open(base, "../created.txt", O_CREAT | O_WRONLY);
    try_open(base, "dir_link/created.txt", O_CREAT | O_WRONLY);
    int fd = open("/etc/passwd", O_RDONLY);
    printf("open /etc/passwd: %s\n", errname(fd < 0 ? errno : 0));
    snprintf(path, sizeof path, "%s/inside.txt", base);
    snprintf(path2, sizeof path2, "%s/../moved.txt", base);
    printf("rename out: %s\n", errname(rename(path, path2) ? errno : 0));
    printf("link out: %s\n", errname(link(path, path2) ? errno : 0));
    snprintf(path2, sizeof path2, "%s/dir_link/moved.txt", base);
    printf("rename via dir_link: %s\n", errname(rename(path, path2) ? errno : 0));
    snprintf(path2, sizeof path2, "%s/new_abs_link", base);
    printf("symlink absolute: %s\n", errname(symlink("/etc/passwd", path2) ? errno : 0));
    struct stat st;
    snprintf(path, sizeof path, "%s/..", base);
    printf("stat ..: %s\n", errname(stat(path, &st) ? errno : 0));
    snprintf(path, sizeof path, "%s/rel_link", base);
    printf("lstat rel_link: %s\n", errname(lstat(path, &st) ? errno : 0));
    printf("stat rel_link: %s\n", errname(stat(path, &st) ? errno : 0));
    return 0;
}

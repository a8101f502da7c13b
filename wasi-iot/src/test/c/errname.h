/* Symbolic errno names, so output compares equal between glibc and wasi-libc (their strerror texts differ). */
#include <errno.h>
static const char *errname(int e) {
    switch (e) {
    case 0: return "OK";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case ELOOP: return "ELOOP";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ESPIPE: return "ESPIPE";
#ifdef ENOTCAPABLE
    case ENOTCAPABLE: return "ENOTCAPABLE";
#endif
    default: return "E?";
    }
}

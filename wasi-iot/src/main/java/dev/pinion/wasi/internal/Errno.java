package dev.pinion.wasi.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** The preview1 {@code errno} values (witx enum order) and the mapping of host failures onto them. */
public final class Errno {
    private Errno() {}

    public static final int SUCCESS = 0, E2BIG = 1, EACCES = 2, EAGAIN = 6, EBADF = 8, EBUSY = 10, EEXIST = 20,
            EFAULT = 21, EFBIG = 22, EILSEQ = 25, EINTR = 27, EINVAL = 28, EIO = 29, EISDIR = 31, ELOOP = 32,
            EMFILE = 33, EMLINK = 34, ENAMETOOLONG = 37, ENOENT = 44, ENOMEM = 48, ENOSPC = 51, ENODEV = 43, ENOSYS = 52,
            ENOTDIR = 54, ENOTEMPTY = 55, ENOTSOCK = 57, ENOTSUP = 58, EOVERFLOW = 61, EPERM = 63, EPIPE = 64,
            ERANGE = 68, EROFS = 69, ESPIPE = 70, ETIMEDOUT = 73, ETXTBSY = 74, EXDEV = 75, ENOTCAPABLE = 76;

    /**
     * Maps a host I/O failure to an errno. java.nio reports errno only as exception types and, for the rest,
     * as the C library's strerror text in {@link FileSystemException#getReason()}; both are Linux-stable.
     */
    public static int of(IOException e) {
        if (e instanceof NoSuchFileException) return ENOENT;
        if (e instanceof FileAlreadyExistsException) return EEXIST;
        if (e instanceof DirectoryNotEmptyException) return ENOTEMPTY;
        if (e instanceof NotDirectoryException) return ENOTDIR;
        if (e instanceof NotLinkException) return EINVAL;
        if (e instanceof FileSystemLoopException) return ELOOP;
        if (e instanceof AccessDeniedException) return EACCES;
        if (e instanceof ClosedChannelException) return EBADF;
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return ofReason(fse.getReason());
        }
        String msg = e.getMessage();
        return msg == null ? EIO : ofReason(msg);
    }

    static int ofReason(String reason) {
        return switch (reason) {
            case "Not a directory" -> ENOTDIR;
            case "Is a directory" -> EISDIR;
            case "Invalid argument" -> EINVAL;
            case "Too many levels of symbolic links" -> ELOOP;
            case "Directory not empty" -> ENOTEMPTY;
            case "Operation not permitted" -> EPERM;
            case "Permission denied" -> EACCES;
            case "No space left on device" -> ENOSPC;
            case "Read-only file system" -> EROFS;
            case "File name too long" -> ENAMETOOLONG;
            case "Invalid cross-device link" -> EXDEV;
            case "Device or resource busy" -> EBUSY;
            case "Too many links" -> EMLINK;
            case "Text file busy" -> ETXTBSY;
            case "File too large" -> EFBIG;
            case "No such file or directory" -> ENOENT;
            case "File exists" -> EEXIST;
            case "Broken pipe" -> EPIPE;
            case "Bad file descriptor" -> EBADF;
            default -> EIO;
        };
    }

    /** Maps any exception a host call may hit; never throws. */
    public static int of(Throwable t) {
        if (t instanceof WasiError w) return w.errno();
        if (t instanceof IOException io) return of(io);
        if (t instanceof InvalidPathException) return EINVAL;
        if (t instanceof NonReadableChannelException || t instanceof NonWritableChannelException) return EBADF;
        if (t instanceof OutOfMemoryError) return ENOMEM;
        if (t instanceof UnsupportedOperationException) return ENOTSUP;
        return EIO;
    }
}

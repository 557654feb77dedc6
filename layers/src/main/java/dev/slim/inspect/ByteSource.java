package dev.slim.inspect;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/**
 * Positional reads from a file of known size. Every read is checked against that size before a
 * buffer is allocated, so no value read from the file can make slim allocate more than the caller's
 * cap or read past the end.
 */
final class ByteSource {

  private final SeekableByteChannel channel;
  private final long size;
  private long bytesRead;

  ByteSource(SeekableByteChannel channel, long size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    this.channel = channel;
    this.size = size;
  }

  long size() {
    return size;
  }

  /** Bytes read so far: the benchmark reports it to show that inspection reads only headers. */
  long bytesRead() {
    return bytesRead;
  }

  /** Whether {@code [offset, offset + length)} lies inside the file; safe for any two longs. */
  boolean contains(long offset, long length) {
    return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
  }

  /** Reads exactly {@code length} bytes; the caller has checked {@link #contains}. */
  byte[] read(long offset, int length) throws IOException {
    if (!contains(offset, length)) {
      throw new IllegalArgumentException(
          "read of " + length + " bytes at " + offset + " outside a file of " + size + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      long position = offset + buffer.position();
      int n;
      if (channel instanceof FileChannel file) {
        n = file.read(buffer, position);
      } else {
        channel.position(position);
        n = channel.read(buffer);
      }
      if (n < 0) {
        throw new EOFException("the file ended at byte " + position + " while slim was reading it");
      }
    }
    bytesRead += length;
    return buffer.array();
  }

  /** Reads {@code min(max, size - offset)} bytes from an offset inside the file. */
  byte[] readUpTo(long offset, int max) throws IOException {
    if (offset < 0 || offset > size || max < 0) {
      throw new IllegalArgumentException("offset " + offset + " outside a file of " + size);
    }
    return read(offset, (int) Math.min(max, size - offset));
  }
}

package dev.slim.inspect;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A read-only channel over the first {@code length} bytes of an array, without copying it. */
final class ByteArrayChannel implements SeekableByteChannel {

  private final byte[] bytes;
  private final int length;
  private long position;
  private boolean open = true;

  ByteArrayChannel(byte[] bytes, int length) {
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException("length " + length + " of " + bytes.length);
    }
    this.bytes = bytes;
    this.length = length;
  }

  @Override
  public int read(ByteBuffer destination) throws ClosedChannelException {
    requireOpen();
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(destination.remaining(), length - position);
    destination.put(bytes, (int) position, n);
    position += n;
    return n;
  }

  @Override
  public int write(ByteBuffer source) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() throws ClosedChannelException {
    requireOpen();
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws ClosedChannelException {
    requireOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() throws ClosedChannelException {
    requireOpen();
    return length;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }

  private void requireOpen() throws ClosedChannelException {
    if (!open) {
      throw new ClosedChannelException();
    }
  }
}

package dev.slim.image;

import dev.slim.oci.Descriptor;

/**
 * Where a layer's gzip bytes also go while it is compressed, besides its file: a registry that
 * receives the layer as it is made (the push overlaps the compression). A sink never fails the
 * build: what it cannot take it drops, and the layer is then sent from its file.
 */
public interface LayerSink {

  /** Streams nothing. */
  LayerSink NONE = inputBytes -> null;

  /**
   * A stream for one layer of about {@code inputBytes} bytes uncompressed, or {@code null} when
   * this layer is not streamed.
   */
  Stream open(long inputBytes);

  /** One layer's bytes, in order. */
  interface Stream {

    /** The next bytes; the array is the stream's from now on and is not changed. */
    void accept(byte[] bytes);

    /** Every byte was given: they make {@code blob}. */
    void finish(Descriptor blob);

    /** Compression failed; nothing more comes. */
    void abort();
  }
}

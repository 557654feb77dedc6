package dev.slim.registry;

import dev.slim.registry.RegistryClient.UploadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A blob sent while it is being made, before its digest is known: one upload session (POST), one
 * chunked PATCH that carries the bytes as they are written, then, once {@link #finish} names the
 * digest, a HEAD and either the PUT {@code ?digest=} that ends the upload or, when the repository
 * had the blob already, a DELETE of the session (the bytes were sent for nothing, but the blob is
 * reported as reused, as a HEAD before the upload would have found it).
 *
 * <p>Nothing here is retried and nothing fails the caller: a registry that refuses the PATCH, a
 * dropped connection, an expired token or a producer that stops all end the stream as failed
 * ({@link #result()} completes exceptionally), and the caller then uploads the finished blob the
 * usual way. The bytes are sent on a thread of the stream's own, so a slow registry holds up the
 * producer only when {@value #QUEUED} writes are waiting, and for at most the answer timeout.
 */
public final class BlobStream {

  /** Writes waiting to be sent (gzip chunks of up to ~0.5 MiB each). */
  static final int QUEUED = 64;
  private static final byte[] END = new byte[0];
  private static final byte[] ABORT = new byte[0];

  private final RegistryTransport transport;
  private final Blobs blobs;
  private final String repository;
  private final List<String> scopes;
  private final AtomicReference<Socket> socket = new AtomicReference<>();
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUED);
  private final AtomicBoolean failed = new AtomicBoolean();
  private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
  private final CompletableFuture<Finish> finish = new CompletableFuture<>();
  private final long offerMillis;

  /** What {@link #finish} was told. */
  private record Finish(String digest, long size) {}

  BlobStream(RegistryTransport transport, Blobs blobs, String repository) {
    this.transport = transport;
    this.blobs = blobs;
    this.repository = repository;
    this.scopes = Protocol.pushScope(repository);
    this.offerMillis = transport.timeouts().answer().toMillis();
  }

  /** Starts the session and the PATCH on the stream's thread. */
  BlobStream start() {
    Thread thread = new Thread(this::send, "slim-blob-stream");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  /**
   * The next bytes of the blob; the array belongs to the stream from now on. Dropped when the
   * stream has failed; waits while {@value #QUEUED} writes are queued, and gives up the stream
   * when none is taken within the answer timeout.
   */
  public void write(byte[] bytes) {
    if (bytes.length == 0 || failed.get()) {
      return;
    }
    try {
      if (!queue.offer(bytes, offerMillis, TimeUnit.MILLISECONDS)) {
        fail(new IOException("registry " + transport.registry() + " took no bytes of the"
            + " streamed upload for " + offerMillis / 1000 + " s"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new IOException("interrupted while streaming a blob", e));
    }
  }

  /** Every byte was written: the blob is {@code digest}, {@code size} bytes. */
  public void finish(String digest, long size) {
    Arguments.checkDigest(digest);
    finish.complete(new Finish(digest, size));
    try {
      if (!failed.get() && !queue.offer(END, offerMillis, TimeUnit.MILLISECONDS)) {
        fail(new IOException("registry " + transport.registry() + " took no bytes of the"
            + " streamed upload for " + offerMillis / 1000 + " s"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(new IOException("interrupted while streaming a blob", e));
    }
  }

  /**
   * Waits for the {@link #result()} after {@link #finish}: empty when the stream failed, or
   * when it did not end within the answer timeout plus the time the queued bytes take at the
   * slowest rate waited for (the stream is then given up, its connection closed).
   */
  public Optional<UploadResult> await() throws InterruptedException {
    long queued = (long) QUEUED * 1024 * 1024;
    long millis = offerMillis + queued * 1000 / Timeouts.MIN_BYTES_PER_SECOND;
    try {
      return Optional.of(result.get(millis, TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      return Optional.empty();
    } catch (TimeoutException e) {
      fail(new IOException("the streamed upload did not end within " + millis / 1000 + " s"));
      return Optional.empty();
    }
  }

  /** The producer failed: the upload is given up. */
  public void abort() {
    fail(new IOException("the blob's producer stopped"));
  }

  /** What the upload came to, once {@link #finish} was called and the registry answered. */
  public CompletableFuture<UploadResult> result() {
    return result;
  }

  private void fail(Throwable cause) {
    if (failed.compareAndSet(false, true)) {
      result.completeExceptionally(cause);
      queue.clear();
      put(ABORT);
      Socket open = socket.get();
      if (open != null) {
        try {
          open.close(); // a registry that stopped reading holds the sender in a write
        } catch (IOException e) {
          // closed already
        }
      }
    }
    finish.completeExceptionally(cause);
  }

  private void put(byte[] marker) {
    // the sender takes one item at a time, so after clear() there is room; a full queue after
    // a failure means the sender is gone, and nothing waits for the marker
    queue.offer(marker);
  }

  private void send() {
    try {
      URI session = BlobUpload.open(transport, repository, scopes);
      Response patched = transport.sendStreamed(Call.of("PATCH", session, scopes, action())
          .header(Protocol.CONTENT_TYPE, "application/octet-stream"), this::writeBody, socket)
          .orElseThrow(() -> new IOException("a blob is not streamed through a proxy"));
      transport.expect(patched, action(), 202);
      URI next = transport.location(patched, action());
      patched.discard();
      Finish done = finish.getNow(null);
      if (done == null) {
        throw new IOException("the streamed upload ended before its digest was known");
      }
      checkRange(patched, done.size());
      result.complete(complete(next, done));
    } catch (RegistryException | IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** HEAD; then the PUT that ends the session, or its DELETE when the blob was there. */
  private UploadResult complete(URI session, Finish done) throws RegistryException {
    if (blobs.size(repository, done.digest(), scopes).isPresent()) {
      try {
        transport.send(Call.of("DELETE", session, scopes, "cancel an upload to " + repository))
            .discard();
      } catch (RegistryException e) {
        // the registry expires the session itself
      }
      return UploadResult.EXISTED;
    }
    String action = "upload blob " + done.digest() + " to " + repository;
    Response put = transport.send(Call.of("PUT", BlobUpload.withDigest(session, done.digest()),
        scopes, action).header(Protocol.CONTENT_TYPE, "application/octet-stream")
        .body(HttpBody.EMPTY).asUpload());
    transport.expect(put, action, 201);
    put.discard();
    BlobUpload.checkStored(transport, put, repository, done.digest());
    return UploadResult.UPLOADED;
  }

  /** A registry that says it holds another number of bytes than were sent must not get a PUT. */
  private void checkRange(Response patched, long size) throws RegistryException {
    Optional<String> range = patched.header("Range");
    if (range.isPresent() && size > 0 && !range.get().trim().equals("0-" + (size - 1))) {
      throw transport.failures().protocol("registry " + transport.registry() + " holds "
          + range.get() + " of a streamed upload of " + size + " bytes");
    }
  }

  private String action() {
    return "stream a blob to " + repository;
  }

  /** The PATCH body: what {@link #write} queues, until {@link #finish}. */
  private void writeBody(OutputStream out) throws IOException {
    try {
      while (true) {
        byte[] bytes = queue.take();
        if (bytes == END) {
          return;
        }
        if (bytes == ABORT) {
          throw new IOException("streamed upload given up");
        }
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while streaming a blob", e);
    }
  }
}

package dev.slim.pipeline;

import dev.slim.files.WorkFolder;
import dev.slim.image.LayerCache;
import dev.slim.plan.BaseImage;
import dev.slim.plan.StaticBase;
import dev.slim.push.PushedBlobs;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the builds of one run of several images share: the registry sessions (one client per
 * registry, its tokens reused by every image), slim's static base (its files written and its
 * layers planned once), the layers compressed from it (once, see {@link LayerCache}) and the
 * layers pushed so far (mounted, not uploaded again, into another repository).
 * Thread-safe; {@link #close} removes the run's folder once every build has ended.
 */
final class SharedRun implements AutoCloseable {

  private final Sessions sessions;
  private final Path work;
  private final LayerCache layers;
  private final PushedBlobs pushed = new PushedBlobs();
  private final Map<Boolean, BaseImage> staticBases = new HashMap<>();

  private SharedRun(Sessions sessions, Path work, LayerCache layers) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.work = work;
    this.layers = layers;
  }

  static SharedRun open(Sessions sessions) throws IOException {
    Path work = WorkFolder.create("slim-run-");
    try {
      return new SharedRun(sessions, work, new LayerCache(work.resolve("blobs")));
    } catch (IOException | RuntimeException e) {
      WorkFolder.delete(work);
      throw e;
    }
  }

  Sessions sessions() {
    return sessions;
  }

  LayerCache layers() {
    return layers;
  }

  PushedBlobs pushed() {
    return pushed;
  }

  /**
   * A work folder of one build, inside the run's: removed with it, and made without the sweep
   * of leftovers that {@link WorkFolder#create} does (once per run is enough).
   */
  Path folder() throws IOException {
    return WorkFolder.newFolder(work, "build-");
  }

  /** slim's static base with or without time zones, resolved by the first build asking. */
  synchronized BaseImage staticBase(boolean tzdata) throws IOException {
    BaseImage known = staticBases.get(tzdata);
    if (known == null) {
      known = StaticBase.resolve(Files.createDirectories(
          work.resolve(tzdata ? "static-tzdata" : "static")), tzdata);
      staticBases.put(tzdata, known);
    }
    return known;
  }

  @Override
  public void close() {
    WorkFolder.delete(work);
  }
}

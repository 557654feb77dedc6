package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.files.OutputFile;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.LayerSink;
import dev.slim.image.Progress;
import dev.slim.registry.ImageRef;
import dev.slim.registry.Sessions;
import java.io.IOException;
import java.util.List;

/**
 * Where built images go: a registry or a local archive. A build picks one and calls it the same
 * way, so it has no push-or-archive fork.
 */
public interface Publisher {

  /** Pushes to {@code target} over the run's registry sessions. */
  static Publisher registry(ImageRef target, Sessions sessions) {
    return registry(target, List.of(), sessions);
  }

  /**
   * Pushes to {@code target} and then puts the same manifest (or index) under each of
   * {@code moreTags} as well.
   */
  static Publisher registry(ImageRef target, List<String> moreTags, Sessions sessions) {
    return new RegistryPublisher(target, moreTags, sessions, null);
  }

  /**
   * {@link #registry(ImageRef, List, Sessions)} for one image of a run of several: a layer
   * another image of the run pushed to the same registry is mounted from there.
   */
  static Publisher registry(ImageRef target, List<String> moreTags, Sessions sessions,
      PushedBlobs pushed) {
    return new RegistryPublisher(target, moreTags, sessions, pushed);
  }

  /**
   * Writes an archive ({@code docker load} and OCI layout in one tar), downloading the base
   * layers it lacks over the run's sessions.
   *
   * @param name the image name {@code docker load} gives it
   * @param tag the OCI layout's {@code ref.name}
   * @param shown the archive's path as the report and stdout show it
   */
  static Publisher archive(OutputFile file, String name, String tag, String shown,
      BaseDownloads downloads) {
    return archive(file, List.of(name), List.of(tag), shown, downloads);
  }

  /**
   * Writes an archive holding the images under several names.
   *
   * @param names the names {@code docker load} gives the image, in order
   * @param tags the OCI layout's {@code ref.name} of each name
   */
  static Publisher archive(OutputFile file, List<String> names, List<String> tags, String shown,
      BaseDownloads downloads) {
    return new ArchivePublisher(file, names, tags, shown, downloads);
  }

  /**
   * Where layers go while they are compressed, before {@link #publish}: a registry receives
   * large layers as they are made. Only for a build whose images will be published whatever
   * they turn out to be (no gate that looks at the built image).
   */
  default LayerSink layerSink() throws SlimException {
    return LayerSink.NONE;
  }

  /** Sends or writes the images and, with several, the index that lists them. */
  Published publish(List<BuiltImage> images, BuiltIndex index, Progress progress)
      throws SlimException, IOException;

  /** Where the images would have gone, every blob {@code skipped}: a gate stopped the build. */
  Published skip(List<BuiltImage> images, BuiltIndex index);
}

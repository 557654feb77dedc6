package dev.slim.push;

import dev.slim.SlimException;
import dev.slim.files.OutputFile;
import dev.slim.image.BuiltImage;
import dev.slim.image.BuiltIndex;
import dev.slim.image.ImageArchive;
import dev.slim.image.Progress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the images to one local archive; a base image's layers are downloaded first. */
final class ArchivePublisher implements Publisher {

  private final OutputFile file;
  private final List<String> names;
  private final List<String> tags;
  private final String shown;
  private final BaseDownloads downloads;

  ArchivePublisher(OutputFile file, List<String> names, List<String> tags, String shown,
      BaseDownloads downloads) {
    if (names.isEmpty() || names.size() != tags.size()) {
      throw new IllegalArgumentException("one tag per name: " + names + ", " + tags);
    }
    this.file = file;
    this.names = List.copyOf(names);
    this.tags = List.copyOf(tags);
    this.shown = shown;
    this.downloads = downloads;
  }

  @Override
  public Published publish(List<BuiltImage> images, BuiltIndex index, Progress progress)
      throws SlimException, IOException {
    List<BuiltImage> local = new ArrayList<>();
    for (BuiltImage image : images) {
      local.add(downloads.download(image, progress));
    }
    ImageArchive.write(local, index == null ? null : index.withImages(local), names, tags, file);
    return new Published(names.get(0), shown, Map.of(), "written", names);
  }

  @Override
  public Published skip(List<BuiltImage> images, BuiltIndex index) {
    return new Published(names.get(0), shown, Map.of(), "skipped", names);
  }
}

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
  private final String name;
  private final String tag;
  private final String shown;
  private final BaseDownloads downloads;

  ArchivePublisher(OutputFile file, String name, String tag, String shown,
      BaseDownloads downloads) {
    this.file = file;
    this.name = name;
    this.tag = tag;
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
    ImageArchive.write(local, index == null ? null : index.withImages(local), name, tag, file);
    return new Published(name, shown, Map.of(), "written");
  }

  @Override
  public Published skip(List<BuiltImage> images, BuiltIndex index) {
    return new Published(name, shown, Map.of(), "skipped");
  }
}

package dev.slim.migrate;

import dev.slim.SlimException;
import dev.slim.config.SlimConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * A Dockerfile whose build uses {@code TARGETARCH} and its kin, migrated once per platform: a
 * {@code binaries:} map with a build command per platform when the builds differ, else the one
 * binary of a build that does not depend on the platform.
 */
final class PerPlatform {

  /**
   * One migration for {@code platform}; binaries named for it when {@code suffixed}; a
   * {@code probe} adds nothing for the platform that the Dockerfile does not say.
   */
  interface Migrate {
    Migration run(Platform platform, boolean suffixed, boolean probe) throws SlimException;
  }

  private PerPlatform() {}

  static Migration migrate(List<Platform> given, Migrate migrate) throws SlimException {
    List<Platform> platforms = given.isEmpty() ? Platform.DEFAULTS : given;
    List<Migration> probes = runs(platforms, migrate, false, true);
    if (given.isEmpty() && probes.stream().map(PerPlatform::build).distinct().count() == 1) {
      return migrate.run(null, false, false);
    }
    List<Migration> each = runs(platforms, migrate, false, false);
    if (each.stream().map(PerPlatform::binary).distinct().count() < platforms.size()) {
      each = runs(platforms, migrate, true, false);
    }
    List<SlimConfig.Binary> binaries = new ArrayList<>();
    List<Migration.BuildStep> builds = new ArrayList<>();
    for (int i = 0; i < platforms.size(); i++) {
      binaries.add(new SlimConfig.Binary(platforms.get(i).toString(), binary(each.get(i))));
      builds.addAll(each.get(i).builds());
    }
    Migration first = each.get(0);
    List<Migration.Note> notes = new ArrayList<>();
    if (given.isEmpty()) {
      notes.add(new Migration.Note(0, "no --platform", "the build uses the platform ARGs"
          + " (TARGETARCH, TARGETOS, ...): one binary each for linux/amd64 and linux/arm64,"
          + " as 'docker buildx build --platform linux/amd64,linux/arm64'; give --platform to"
          + " choose others"));
    }
    notes.addAll(first.notes());
    return new Migration(first.config().withBinaries(binaries), first.build(), notes, builds);
  }

  private static List<Migration> runs(List<Platform> platforms, Migrate migrate,
      boolean suffixed, boolean probe) throws SlimException {
    List<Migration> each = new ArrayList<>();
    for (Platform p : platforms) {
      each.add(migrate.run(p, suffixed, probe));
    }
    return each;
  }

  private static String binary(Migration m) {
    return m.config().binaries().get(0).path();
  }

  private static String build(Migration m) {
    return binary(m) + "\n" + (m.build() == null ? "" : m.build().command());
  }
}

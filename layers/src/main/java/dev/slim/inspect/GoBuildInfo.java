package dev.slim.inspect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code go version -m} shows: the Go release and the modules a Go binary was built from,
 * read from its {@code .go.buildinfo} data.
 *
 * @param goVersion e.g. {@code go1.19.8}
 * @param path the main package path, or null when the binary does not record one
 * @param main the main module, or null (a binary built outside module mode)
 * @param deps the dependencies in the binary's order
 * @param settings the {@code build} lines in the binary's order, e.g. {@code CGO_ENABLED=0}
 */
public record GoBuildInfo(
    String goVersion, String path, Module main, List<Module> deps, Map<String, String> settings) {

  public GoBuildInfo {
    Objects.requireNonNull(goVersion, "goVersion");
    if (goVersion.isBlank()) {
      throw new IllegalArgumentException("goVersion must not be blank");
    }
    if (path != null && path.isBlank()) {
      path = null;
    }
    deps = List.copyOf(deps);
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      Objects.requireNonNull(setting.getKey(), "setting key");
      Objects.requireNonNull(setting.getValue(), "value of setting " + setting.getKey());
    }
  }

  /** A build setting such as {@code GOARCH}, or null when the binary does not record it. */
  public String setting(String key) {
    return settings.get(key);
  }

  /**
   * A module: {@code mod}, {@code dep} or a {@code =>} replacement line.
   *
   * @param version null when the line has none (a directory replacement)
   * @param sum the go.sum hash, or null
   * @param replacement what {@code go.mod} replaced this module with, or null
   */
  public record Module(String path, String version, String sum, Module replacement) {

    public Module {
      Objects.requireNonNull(path, "path");
      if (path.isBlank()) {
        throw new IllegalArgumentException("module path must not be blank");
      }
      if (version != null && version.isBlank()) {
        version = null;
      }
      if (sum != null && sum.isBlank()) {
        sum = null;
      }
      if (replacement != null && replacement.replacement() != null) {
        throw new IllegalArgumentException("a replacement is not itself replaced: " + path);
      }
    }

    Module replacedBy(Module replacement) {
      return new Module(path, version, sum, replacement);
    }
  }
}

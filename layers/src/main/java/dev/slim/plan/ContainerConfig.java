package dev.slim.plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The runtime part of the image config: what runs, as whom, where, with what.
 *
 * @param env {@code KEY=VALUE} strings in the order given
 * @param exposedPorts {@code 8080/tcp} style
 * @param workdir absolute path or null
 */
public record ContainerConfig(
    List<String> entrypoint,
    List<String> cmd,
    List<String> env,
    SortedMap<String, String> labels,
    SortedSet<String> exposedPorts,
    String user,
    String workdir) {

  public ContainerConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    exposedPorts = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(exposedPorts));
    Objects.requireNonNull(user, "user");
    if (entrypoint.isEmpty()) {
      throw new IllegalArgumentException("entrypoint must not be empty");
    }
  }

  /** Labels as a plain map, for renderers. */
  public Map<String, String> labelMap() {
    return labels;
  }
}

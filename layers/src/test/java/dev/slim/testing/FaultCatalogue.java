package dev.slim.testing;

import java.util.Map;

/**
 * The faults the fault matrices inject with a {@link FaultProxy}, by name, in two groups: those
 * of ordinary use, which a run must get through, and refusals, which may end it but cleanly.
 */
public final class FaultCatalogue {

  private FaultCatalogue() {}

  /** One kind of request a run sends: its method and a regular expression over its path. */
  public record Request(String name, String method, String path) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A dropped connection, a lost answer, a stall, a busy registry, a gateway's 502 and 504. */
  public static Map<String, FaultProxy.Fault> ordinary() {
    return Map.of(
        "connection dropped", FaultProxy.dropAfter(0),
        "answer lost", FaultProxy.loseAnswer(),
        "stall", FaultProxy.stall(),
        "429", FaultProxy.busy(429),
        "502", FaultProxy.answer(502, Map.of(), "bad gateway"),
        "503", FaultProxy.busy(503),
        "504", FaultProxy.answer(504, Map.of(), "gateway timeout"));
  }

  /** 401 (with a challenge no credentials answer), 403, 404 and 500. */
  public static Map<String, FaultProxy.Fault> refusals(String notFoundCode) {
    return Map.of(
        "401", FaultProxy.unauthorized("Basic realm=\"registry\""),
        "403", FaultProxy.registryError(403, "DENIED",
            "requested access to the resource is denied"),
        "500", FaultProxy.registryError(500, "UNKNOWN", "unknown error"),
        "404", FaultProxy.registryError(404, notFoundCode, "not known to the registry"));
  }
}

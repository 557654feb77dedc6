package dev.slim.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slim.registry.RegistryException.Kind;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tag and catalog listings from a hostile registry: {@code Link} pages that loop or never end, and
 * one page of a million names, end with a message or at the caller's limit, never in memory
 * exhaustion.
 */
class ListingLimitsTest {

  private FakeRegistry server;

  @BeforeEach
  void start() throws IOException {
    server = new FakeRegistry();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private RegistryClient client() {
    return RegistryClient.builder(server.host()).build();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aNextLinkToAPageAlreadyReadIsALoop() {
    server.handle((request, exchange) -> exchange
        .header("Link", "</v2/app/tags/list?n=2&last=b>; rel=\"next\"")
        .send(200, "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}"));

    assertThatThrownBy(() -> client().tags("app", 2, 10_000))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
          assertThat(e.getMessage()).isEqualTo("registry " + server.host() + " sends the tag"
              + " list of app in a loop: page 2 links to /v2/app/tags/list?n=2&last=b again;"
              + " cannot list the tags of app");
        });
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aNextLinkWhoseLastDoesNotAdvanceIsALoop() {
    int[] page = {0};
    server.handle((request, exchange) -> exchange
        .header("Link", "</v2/app/tags/list?n=2&last=b&page=" + ++page[0] + ">; rel=\"next\"")
        .send(200, "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}"));

    assertThatThrownBy(() -> client().tags("app", 2, 10_000))
        .hasMessage("registry " + server.host() + " sends the tag list of app in a loop: page 2"
            + " asks again for the names after \"b\"; cannot list the tags of app");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aListThatNeverEndsStopsOneNamePastTheLimit() throws Exception {
    server.handle((request, exchange) -> {
      String last = FakeRegistry.query(request.uri()).get("last");
      int page = last == null ? 0 : Integer.parseInt(last.substring(1, last.indexOf('-'))) + 1;
      StringBuilder tags = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        tags.append(i == 0 ? "" : ",").append("\"p").append(page).append('-').append(i)
            .append('"');
      }
      exchange.header("Link", "</v2/app/tags/list?n=100&last=p" + page + "-99>; rel=\"next\"")
          .send(200, "{\"name\":\"app\",\"tags\":[" + tags + "]}");
    });

    List<String> tags = client().tags("app", 100, 250);

    assertThat(tags).hasSize(251).startsWith("p0-0").endsWith("p2-50");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void onePageOfAMillionNamesIsReadOnlyUpToTheLimit() throws Exception {
    server.handle((request, exchange) -> {
      StringBuilder body = new StringBuilder("{\"name\":\"app\",\"tags\":[");
      for (int i = 0; i < 1_000_000; i++) {
        body.append(i == 0 ? "\"t" : ",\"t").append(i).append('"');
      }
      exchange.send(200, body.append("]}").toString());
    });

    List<String> tags = client().tags("app", 0, 10_000);

    assertThat(tags).hasSize(10_001).startsWith("t0").endsWith("t10000");
  }

  @Test
  void namesRepeatedOnALaterPageAreListedOnce() throws Exception {
    server.handle((request, exchange) -> {
      if (FakeRegistry.query(request.uri()).get("last") == null) {
        exchange.header("Link", "</v2/app/tags/list?last=b>; rel=\"next\"")
            .send(200, "{\"name\":\"app\",\"tags\":[\"a\",\"b\"]}");
      } else {
        exchange.send(200, "{\"name\":\"app\",\"tags\":[\"b\",\"c\"]}");
      }
    });

    assertThat(client().tags("app", 0, 10)).containsExactly("a", "b", "c");
  }

  @Test
  void aPageThatIsNotJsonSaysSo() {
    server.handle((request, exchange) -> exchange.send(200, "<html>hello</html>"));

    assertThatThrownBy(() -> client().tags("app", 0, 10))
        .hasMessage("registry " + server.host() + " did not answer with JSON: cannot list the"
            + " tags of app");
  }

  @Test
  void aManifestReadRedirectedToA404IsAFailureNotAMissingManifest() {
    server.handle((request, exchange) -> {
      if (request.path().startsWith("/v2/")) { // a CDN that keeps the path, as many do
        exchange.header("Location", "/cdn/v2/app/manifests/v1?X-Amz-Signature=s3cr3t")
            .send(307);
      } else {
        exchange.send(404, "not here");
      }
    });

    assertThatThrownBy(() -> client().getManifest("app", "v1"))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
          assertThat(e.getMessage()).isEqualTo("registry " + server.host() + " redirected the"
              + " read of manifest app:v1 to http://" + server.host() + "/cdn/v2/app/manifests/v1,"
              + " which answered 404 Not Found");
        });
  }

  @Test
  void aCatalogIsReadUpToItsLimitToo() throws Exception {
    server.handle((request, exchange) -> exchange
        .send(200, "{\"repositories\":[\"a\",\"b\",\"c\",\"d\"]}"));

    assertThat(client().catalog(0, 2)).containsExactly("a", "b", "c");
  }
}

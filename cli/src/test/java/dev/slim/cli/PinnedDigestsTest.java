package dev.slim.cli;

import static dev.slim.cli.CliTest.fixture;
import static dev.slim.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's digests of the bundled fixtures' images, pinned before the push pipeline is rebuilt:
 * the image digest, the archive's bytes and the SBOM's bytes must not change with the code's
 * shape. A change here is a change of output, and needs a reason in its commit.
 */
class PinnedDigestsTest {

  private static final String CREATED = "2026-01-01T00:00:00Z";

  @TempDir Path tmp;

  @Test
  void scratchImageKeepsItsDigest() throws Exception {
    assertThat(build("scratch", fixture("go-hello-linux-amd64")))
        .isEqualTo(new Pinned(
            "sha256:8cdd1150251be2c34bec81dd68fafefd6c4ea73b3b6287bec858310bb919be54",
            "sha256:213af4cd060e206eb8bedce36d5bc467347deb875c86d524462091d97c2a0ad8", null));
  }

  @Test
  void staticBaseImageKeepsItsDigest() throws Exception {
    assertThat(build("static", fixture("go-hello-linux-amd64"), "--base", "static"))
        .isEqualTo(new Pinned(
            "sha256:d795177c6d02b7c7036301c7a984200c0bc16bdd7b5b4d36ff8928197e81f57a",
            "sha256:d90737f6c47a76885bda47e083892862750ada336ded808c100af9480e1a0a22", null));
  }

  @Test
  void staticBaseWithTzdataKeepsItsDigest() throws Exception {
    assertThat(build("tzdata", fixture("go-hello-linux-amd64"), "--base", "static", "--tzdata"))
        .isEqualTo(new Pinned(
            "sha256:5364cf9c28ec533a3d698c1559b1f2f4eb77692223081f968c0a7c1a9d0f0b89",
            "sha256:17c15d65feca31642b2dc9e793377ad58d05643ec8ca8dce7590d8aaeff376cf", null));
  }

  @Test
  void threePlatformIndexKeepsItsDigest() throws Exception {
    assertThat(build("index", fixture("go-hello-linux-amd64"), fixture("go-hello-linux-arm64"),
        fixture("go-hello-linux-arm-v7")))
        .isEqualTo(new Pinned(
            "sha256:5f1d9b5aa67d3636da50abd2eeb52395993c1b3992451c3cac4ccb941480e296",
            "sha256:bde57b92db9172a7f3401fed895b9d7e03adaa8f906c641afd7b0cf0c41e6ab9", null));
  }

  @Test
  void sbomKeepsItsBytes() throws Exception {
    assertThat(build("sbom", fixture("c-musl-static"), "--base", "static", "--sbom-output",
        tmp.resolve("sbom.spdx.json").toString()))
        .isEqualTo(new Pinned(
            "sha256:2aff4b821af57dc03cea6b96ea1fcaec7a69891283c7afdd4062e61a286ec12a",
            "sha256:8b1636e46c2a29bd04747893bec5b9115dba628bab9fd871368e16673a8b8911",
            "sha256:887ab6713dd67a84254bb74f3e89e0250b8c6f5298a9f959ebe4360a741b73c1"));
  }

  @Test
  void dockerFormatKeepsItsDigest() throws Exception {
    assertThat(build("docker", fixture("go-hello-linux-arm64"), "--format", "docker",
        "--label", "a=b", "--env", "X=1", "--port", "8080"))
        .isEqualTo(new Pinned(
            "sha256:09a11d96d132be7bc72033ab6a3ecf0cc32ea61823b6275adbfb1ffc44505bf8",
            "sha256:0acd5075bd9b85da19d88721a9b51b1f5589c7b00a6c9b8a8f0543ad0704ae6a", null));
  }

  /** What a build made: the image (or index) digest, the archive's and the SBOM's sha256. */
  record Pinned(String image, String archive, String sbom) {}

  private Pinned build(String name, String... args) throws IOException {
    Path archive = tmp.resolve(name + ".tar");
    Path report = tmp.resolve(name + ".json");
    List<String> all = new ArrayList<>(List.of("build"));
    all.addAll(List.of(args));
    all.addAll(List.of("--created", CREATED, "-i", "example.test/pinned/" + name + ":1",
        "-o", archive.toString(), "--report-json", report.toString()));
    CliTest.Result r = run(all.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isZero();
    String digest = new ObjectMapper().readTree(report.toFile()).path("image").path("digest")
        .asText();
    Path sbom = tmp.resolve("sbom.spdx.json");
    return new Pinned(digest, sha256(archive), Files.exists(sbom) ? sha256(sbom) : null);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.slim.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slim.inspect.Inspection;
import dev.slim.inspect.Inspector;
import dev.slim.inspect.Uses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code slim inspect --json} for real fixtures. Checked by hand as {@link InspectionTextTest}:
 * {@code stat}, {@code readelf -l/-d}, {@code go version -m}, {@code go tool buildid}.
 */
class InspectionJsonTest {

  private static Path fixture(String name) {
    return Path.of(System.getProperty("slim.fixtures", "../fixtures"), name).toAbsolutePath();
  }

  private static String json(String name, boolean uses) throws Exception {
    Inspection i = Inspector.inspect(fixture(name));
    return Reports.inspectionJson(i, uses ? Uses.of(i) : null);
  }

  @Test
  void aDynamicBinaryInJson() throws Exception {
    assertThat(json("c-dynamic", true)).isEqualTo("{\n"
        + "  \"file\" : \"" + fixture("c-dynamic") + "\",\n"
        + "  \"size\" : 14480,\n"
        + "  \"static\" : false,\n"
        + "  \"kind\" : \"dynamic\",\n"
        + "  \"message\" : \"dynamically linked: needs the loader /lib64/ld-linux-x86-64.so.2 and"
        + " libc.so.6; a scratch image would fail with 'exec /app: no such file or directory'\",\n"
        + "  \"hint\" : \"link statically: gcc -static, or musl-gcc -static\",\n"
        + "  \"format\" : \"ELF 64-bit LSB\",\n"
        + "  \"platform\" : \"linux/amd64\",\n"
        + "  \"platformNote\" : null,\n"
        + "  \"interpreter\" : \"/lib64/ld-linux-x86-64.so.2\",\n"
        + "  \"needed\" : [ \"libc.so.6\" ],\n"
        + "  \"toolchain\" : \"c\",\n"
        + "  \"stripped\" : true,\n"
        + "  \"debugBytes\" : 0,\n"
        + "  \"stripSavingBytes\" : 0,\n"
        + "  \"stripHint\" : null,\n"
        + "  \"go\" : null,\n"
        + "  \"uses\" : null\n"
        + "}\n");
  }

  @Test
  void aGoBinarysBuildInJson() throws Exception {
    String json = json("go-hello-linux-amd64", false);
    assertThat(json).contains("  \"go\" : {\n"
        + "    \"version\" : \"go1.19.8\",\n"
        + "    \"path\" : \"example.com/slim/hello\",\n"
        + "    \"main\" : {\n"
        + "      \"path\" : \"example.com/slim/hello\",\n"
        + "      \"version\" : \"(devel)\",\n"
        + "      \"sum\" : null,\n"
        + "      \"replacement\" : null\n"
        + "    },\n"
        + "    \"deps\" : [ {\n"
        + "      \"path\" : \"example.com/slim/greet\",\n"
        + "      \"version\" : \"v0.1.0\",\n"
        + "      \"sum\" : null,\n"
        + "      \"replacement\" : {\n"
        + "        \"path\" : \"../greet\",\n"
        + "        \"version\" : \"(devel)\",\n"
        + "        \"sum\" : null,\n"
        + "        \"replacement\" : null\n"
        + "      }\n"
        + "    } ],\n"
        + "    \"settings\" : {\n"
        + "      \"-compiler\" : \"gc\",\n"
        + "      \"-trimpath\" : \"true\",\n"
        + "      \"CGO_ENABLED\" : \"0\",\n"
        + "      \"GOARCH\" : \"amd64\",\n"
        + "      \"GOOS\" : \"linux\",\n"
        + "      \"GOAMD64\" : \"v1\"\n"
        + "    },\n"
        + "    \"buildId\" : \"KQRgxaKpL31xzjn799uL/xnwarPmWXL55Tt7ZCA5J/joUn7y6KGgdRhOMSjxAd/"
        + "KxE7O4K70Vk3yjRD9T9C\",\n"
        + "    \"trimpath\" : true,\n"
        + "    \"vcsModified\" : false,\n"
        + "    \"reproducible\" : false\n"
        + "  }\n"
        + "}\n");
    assertThat(json).contains("  \"static\" : true,\n  \"kind\" : \"static\",\n");
  }

  @Test
  void whatAGoBinaryUsesInJson() throws Exception {
    assertThat(json("go-needs-linux-amd64", true)).endsWith("  \"uses\" : {\n"
        + "    \"certificates\" : true,\n"
        + "    \"embeddedRoots\" : false,\n"
        + "    \"timeZones\" : true,\n"
        + "    \"embeddedTzdata\" : false\n"
        + "  }\n"
        + "}\n");
  }
}

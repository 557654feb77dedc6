package dev.slim.sbom;

import dev.slim.SlimException;
import dev.slim.SlimException.Reason;
import dev.slim.inspect.GoBuildInfo;
import dev.slim.oci.Digests;
import dev.slim.oci.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an image's SBOM as an SPDX 2.3 JSON document. The same request gives the same bytes:
 * the creation time is the image's, the namespace is derived from the content, lists are sorted.
 */
public final class Spdx {

  /** The media type of the document (an OCI artifact's {@code artifactType}). */
  public static final String MEDIA_TYPE = "application/spdx+json";

  private static final String TOOL = "Tool: slim-0.1.0";
  private static final String NAMESPACE = "https://slim.dev/spdxdocs/";

  private Spdx() {}

  /** The document, as pretty-printed JSON ending with a newline. */
  public static String document(SbomRequest request) throws SlimException {
    String[] digests = digests(request);
    String sha256 = digests[0];
    String sha1 = digests[1];

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("spdxVersion", "SPDX-2.3");
    doc.put("dataLicense", "CC0-1.0");
    doc.put("SPDXID", "SPDXRef-DOCUMENT");
    doc.put("name", request.image());
    doc.put("documentNamespace", NAMESPACE + slug(request.image()) + "-"
        + Digests.sha256Hex((request.image() + "\n" + request.pathInImage() + "\n" + sha256)
            .getBytes(StandardCharsets.UTF_8)));
    Map<String, Object> creation = new LinkedHashMap<>();
    creation.put("created", DateTimeFormatter.ISO_INSTANT.format(
        request.created().truncatedTo(ChronoUnit.SECONDS)));
    creation.put("creators", List.of(TOOL));
    doc.put("creationInfo", creation);
    doc.put("documentDescribes", List.of("SPDXRef-Image"));

    List<Map<String, Object>> packages = new ArrayList<>();
    List<Map<String, Object>> files = new ArrayList<>();
    List<Map<String, Object>> relationships = new ArrayList<>();

    Map<String, Object> image = pkg("SPDXRef-Image", request.image(), null, null);
    image.put("primaryPackagePurpose", "CONTAINER");
    packages.add(image);
    relationships.add(rel("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image"));

    Map<String, Object> binary = new LinkedHashMap<>();
    binary.put("SPDXID", "SPDXRef-File-binary");
    binary.put("fileName", "." + request.pathInImage());
    binary.put("fileTypes", List.of("BINARY"));
    binary.put("checksums", List.of(checksum("SHA1", sha1), checksum("SHA256", sha256)));
    binary.put("licenseConcluded", "NOASSERTION");
    binary.put("copyrightText", "NOASSERTION");
    files.add(binary);
    relationships.add(rel("SPDXRef-Image", "CONTAINS", "SPDXRef-File-binary"));

    GoBuildInfo go = request.go();
    if (go != null) {
      String stdlib = "SPDXRef-Package-go-stdlib";
      packages.add(pkg(stdlib, "stdlib", go.goVersion(), "pkg:golang/stdlib@" + go.goVersion()));
      relationships.add(rel("SPDXRef-File-binary", "CONTAINS", stdlib));
      String mainId = null;
      if (go.main() != null) {
        mainId = "SPDXRef-Package-go-main";
        packages.add(goPackage(mainId, go.main()));
        relationships.add(rel("SPDXRef-File-binary", "CONTAINS", mainId));
      }
      List<GoBuildInfo.Module> deps = new ArrayList<>(go.deps());
      deps.sort(Comparator.comparing(GoBuildInfo.Module::path));
      for (int i = 0; i < deps.size(); i++) {
        String id = "SPDXRef-Package-go-" + (i + 1);
        packages.add(goPackage(id, deps.get(i)));
        relationships.add(rel("SPDXRef-File-binary", "CONTAINS", id));
        if (mainId != null) {
          relationships.add(rel(mainId, "DEPENDS_ON", id));
        }
      }
    }

    List<SbomRequest.BaseFile> baseFiles = new ArrayList<>(request.baseFiles());
    baseFiles.sort(Comparator.comparing(SbomRequest.BaseFile::path));
    for (int i = 0; i < baseFiles.size(); i++) {
      SbomRequest.BaseFile f = baseFiles.get(i);
      String id = "SPDXRef-File-base-" + (i + 1);
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("SPDXID", id);
      file.put("fileName", f.path().startsWith("/") ? "." + f.path() : "./" + f.path());
      file.put("checksums", List.of(checksum("SHA1", f.sha1()), checksum("SHA256", f.sha256())));
      file.put("licenseConcluded", "NOASSERTION");
      file.put("copyrightText", "NOASSERTION");
      files.add(file);
      relationships.add(rel("SPDXRef-Image", "CONTAINS", id));
    }
    List<SbomRequest.BasePackage> basePackages = new ArrayList<>(request.basePackages());
    basePackages.sort(Comparator.comparing(SbomRequest.BasePackage::purl));
    for (int i = 0; i < basePackages.size(); i++) {
      SbomRequest.BasePackage p = basePackages.get(i);
      String id = "SPDXRef-Package-base-" + (i + 1);
      packages.add(pkg(id, p.name(), p.version(), p.purl()));
      relationships.add(rel("SPDXRef-Image", "CONTAINS", id));
    }

    doc.put("packages", packages);
    doc.put("files", files);
    doc.put("relationships", relationships);
    return JsonWriter.pretty(doc);
  }

  /** {@code pkg:golang/PATH@VERSION}, percent-encoding what a purl may not hold. */
  static String goPurl(String path, String version) {
    return "pkg:golang/" + encode(path, true) + (version == null ? "" : "@" + encode(version, false));
  }

  private static Map<String, Object> goPackage(String id, GoBuildInfo.Module module) {
    GoBuildInfo.Module effective = module;
    String comment = null;
    if (module.replacement() != null) {
      comment = "replaced by " + module.replacement().path()
          + (module.replacement().version() == null ? ""
              : " " + module.replacement().version());
      GoBuildInfo.Module r = module.replacement();
      if (r.version() != null && !r.version().equals("(devel)") && !r.path().startsWith(".")
          && !r.path().startsWith("/")) {
        effective = module.replacement();
      }
    }
    String version = effective.version() == null || effective.version().equals("(devel)")
        ? null : effective.version();
    Map<String, Object> p = pkg(id, module.path(), version, goPurl(effective.path(), version));
    if (module.sum() != null && module.sum().startsWith("h1:")) {
      p.put("comment", (comment == null ? "" : comment + "; ") + "go.sum " + module.sum());
    } else if (comment != null) {
      p.put("comment", comment);
    }
    p.put("primaryPackagePurpose", "LIBRARY");
    return p;
  }

  private static Map<String, Object> pkg(String id, String name, String version, String purl) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("SPDXID", id);
    p.put("name", name);
    if (version != null) {
      p.put("versionInfo", version);
    }
    p.put("downloadLocation", "NOASSERTION");
    p.put("filesAnalyzed", false);
    p.put("licenseConcluded", "NOASSERTION");
    p.put("licenseDeclared", "NOASSERTION");
    p.put("copyrightText", "NOASSERTION");
    if (purl != null) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("referenceCategory", "PACKAGE-MANAGER");
      ref.put("referenceType", "purl");
      ref.put("referenceLocator", purl);
      p.put("externalRefs", List.of(ref));
    }
    return p;
  }

  private static Map<String, Object> rel(String from, String type, String to) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("spdxElementId", from);
    r.put("relationshipType", type);
    r.put("relatedSpdxElement", to);
    return r;
  }

  private static Map<String, Object> checksum(String algorithm, String value) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("algorithm", algorithm);
    c.put("checksumValue", value);
    return c;
  }

  private static String[] digests(SbomRequest request) throws SlimException {
    try (InputStream in = Files.newInputStream(request.binary())) {
      MessageDigest sha256 = Digests.sha256();
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, n);
        sha1.update(buffer, 0, n);
      }
      return new String[] {HexFormat.of().formatHex(sha256.digest()),
          HexFormat.of().formatHex(sha1.digest())};
    } catch (IOException e) {
      throw new SlimException(Reason.USAGE, "cannot read " + request.binary() + ": "
          + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String slug(String image) {
    return image.replaceAll("[^A-Za-z0-9.-]+", "-");
  }

  private static String encode(String s, boolean keepSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char ch = (char) (b & 0xff);
      if (Character.isLetterOrDigit(ch) && ch < 128 || ch == '.' || ch == '-' || ch == '_'
          || ch == '~' || (keepSlash && ch == '/')) {
        out.append(ch);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}

/**
 * The OCI vocabulary every step shares: {@link dev.slim.oci.MediaTypes}, the {@link
 * dev.slim.oci.Descriptor} of a blob, the {@link dev.slim.oci.Platform} with its one {@code
 * matches} rule, {@link dev.slim.oci.Digests} for {@code sha256:} digests and {@link
 * dev.slim.oci.JsonWriter} for JSON output (canonical for images, indented for reports).
 *
 * <p>This package is the bottom of the library: it depends on no other package of slim's, so
 * inspect, plan, image, registry, push, sbom, report and cleanup can all use it without cycles.
 * Jackson, which {@code JsonWriter} uses for the indented form, stays inside: no Jackson type
 * appears in a public signature.
 */
package dev.slim.oci;

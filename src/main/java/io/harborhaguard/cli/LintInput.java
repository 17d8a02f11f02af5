package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One lint input, recognised by its content: a release JSON ({@code helm install --dry-run -o
 * json}, Helm 3 or 4), rendered manifests (multi-document YAML) or a values file.
 */
public sealed interface LintInput {

  String name();

  record Release(String name, HelmRelease release) implements LintInput {}

  record Manifests(String name, List<JsonNode> documents) implements LintInput {}

  record Values(String name, ObjectNode values) implements LintInput {}

  /** An offline installer's harbor.yml or harbor.cfg: judged as one installer node. */
  record Installer(String name, InstallerConfig config) implements LintInput {}

  /** Reads {@code content} with the default release size limit. */
  static LintInput read(String name, byte[] content) throws BadInput {
    return read(name, content, new ReleaseDecoder());
  }

  static LintInput read(String name, byte[] content, ReleaseDecoder decoder) throws BadInput {
    String text = text(content);
    if (text.isBlank()) {
      throw new BadInput("empty file");
    }
    if (InstallerFiles.looksLikeCfg(text)) {
      return installer(name, () -> InstallerFiles.readCfg(name, text));
    }
    if (text.stripLeading().startsWith("{")) {
      JsonNode json = json(text);
      if (json != null && json.isObject() && json.has("chart") && json.has("name")) {
        return release(name, content, decoder);
      }
    }
    return yaml(name, text);
  }

  private static String text(byte[] content) throws BadInput {
    for (byte b : content) {
      if (b == 0) {
        throw new BadInput("binary file: expected JSON or YAML");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadInput("binary file: not UTF-8 text");
    }
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      return null; // maybe YAML after all
    }
  }

  private static LintInput release(String name, byte[] content, ReleaseDecoder decoder)
      throws BadInput {
    try {
      return new Release(name, decoder.parse(content));
    } catch (ReleaseDecodeException e) {
      throw new BadInput("release JSON: " + e.getMessage());
    }
  }

  private static LintInput yaml(String name, String text) throws BadInput {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        new YAMLMapper().readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new BadInput("not valid YAML or JSON: " + firstLine(e.getMessage()));
    }
    if (documents.isEmpty()) {
      throw new BadInput("no YAML documents");
    }
    if (documents.stream().allMatch(LintInput::isKubernetesObject)) {
      return new Manifests(name, documents);
    }
    if (documents.size() == 1 && InstallerFiles.looksLikeYml(documents.get(0))) {
      return installer(name, () -> InstallerFiles.readYml(name, text));
    }
    if (documents.size() == 1 && documents.get(0).isObject()) {
      return new Values(name, (ObjectNode) documents.get(0));
    }
    throw new BadInput(
        "YAML that is neither Kubernetes manifests (every document with apiVersion and kind),"
            + " a Helm release nor one values mapping");
  }

  /** Reads an installer file; one that looks like one but cannot be read is bad input. */
  private static LintInput installer(String name, InstallerRead read) throws BadInput {
    try {
      return new Installer(name, read.read());
    } catch (InstallerFiles.NotAnInstallerFile e) {
      throw new BadInput(e.getMessage());
    }
  }

  @FunctionalInterface
  interface InstallerRead {
    InstallerConfig read() throws InstallerFiles.NotAnInstallerFile;
  }

  private static boolean isKubernetesObject(JsonNode document) {
    return document.isObject() && document.hasNonNull("apiVersion") && document.hasNonNull("kind");
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}

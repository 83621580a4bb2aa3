package dev.parley.adapter.out.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool result as the model and templates see it: {@code text} (the text contents joined by newlines, so
 * {@code {{tool.<server>__<tool>.text}}} works), {@code structured} (the structured content, when there is one),
 * {@code is_error}, {@code error} (the text again, for an error result: the shape every failed tool call has), and
 * {@code content} for the contents that are not text (images, resources), without their data.
 */
final class McpResults {
  private McpResults() {}

  static Map<String, Object> toMap(McpSchema.CallToolResult result) {
    List<String> texts = new ArrayList<>();
    List<Map<String, Object>> other = new ArrayList<>();
    for (McpSchema.Content c : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
      if (c instanceof McpSchema.TextContent text) {
        texts.add(text.text());
      } else if (c instanceof McpSchema.ImageContent image) {
        other.add(Map.of("type", "image", "mime_type", String.valueOf(image.mimeType())));
      } else if (c instanceof McpSchema.AudioContent audio) {
        other.add(Map.of("type", "audio", "mime_type", String.valueOf(audio.mimeType())));
      } else if (c instanceof McpSchema.ResourceLink link) {
        other.add(Map.of("type", "resource_link", "uri", String.valueOf(link.uri())));
      } else if (c instanceof McpSchema.EmbeddedResource resource) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", "resource");
        r.put("uri", String.valueOf(resource.resource().uri()));
        if (resource.resource() instanceof McpSchema.TextResourceContents t) r.put("text", t.text());
        other.add(r);
      }
    }
    boolean error = Boolean.TRUE.equals(result.isError());
    Map<String, Object> out = new LinkedHashMap<>();
    String text = String.join("\n", texts);
    out.put("text", text);
    if (result.structuredContent() != null) out.put("structured", result.structuredContent());
    if (!other.isEmpty()) out.put("content", other);
    out.put("is_error", error);
    if (error) out.put("error", text.isEmpty() ? "the tool answered an error" : text);
    return out;
  }
}

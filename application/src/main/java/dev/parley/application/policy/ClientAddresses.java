package dev.parley.application.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which address a request came from, for the per-address rate limits of the REST API and the sockets. The peer of
 * the connection, unless that peer is one of the configured trusted proxies ({@code parley.trusted-proxies}, CIDR
 * blocks, none by default): then the {@code Forwarded} ({@code for=}) or else {@code X-Forwarded-For} chain is read
 * from the right, each trusted proxy skipped, and the first address not trusted is the client. Entries to the left
 * of it were written by the client and are never believed.
 */
public final class ClientAddresses {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private final List<Block> trusted;

  /** {@code trustedProxies}: CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single addresses. */
  public ClientAddresses(List<String> trustedProxies) {
    List<Block> blocks = new ArrayList<>();
    for (String entry : trustedProxies) if (entry != null && !entry.isBlank()) blocks.add(Block.parse(entry.trim()));
    this.trusted = List.copyOf(blocks);
  }

  /** A comma-separated list, as configured. */
  public static ClientAddresses of(String trustedProxies) {
    return new ClientAddresses(trustedProxies == null ? List.of() : Arrays.asList(trustedProxies.split(",")));
  }

  /**
   * The client's address. {@code headers} answers every value of a request header in the order they arrived; the
   * forwarding headers are read only when {@code peer} is a trusted proxy.
   */
  public String clientAddress(InetAddress peer, Function<String, List<String>> headers) {
    if (!isTrusted(peer)) return peer.getHostAddress();
    List<String> forwarded = headers.apply("Forwarded");
    List<String> chain = forwarded.isEmpty() ? hops(headers.apply("X-Forwarded-For"), false) : hops(forwarded, true);
    InetAddress nearest = peer;
    for (int i = chain.size() - 1; i >= 0; i--) {
      InetAddress hop = literal(chain.get(i));
      if (hop == null) break; // unreadable ("unknown", an obfuscated name): the last proxy we trust is all we know
      if (!isTrusted(hop)) return hop.getHostAddress();
      nearest = hop;
    }
    return nearest.getHostAddress();
  }

  private boolean isTrusted(InetAddress address) {
    for (Block block : trusted) if (block.contains(address)) return true;
    return false;
  }

  /** The hops of the chain, left to right: {@code for=} parameters of Forwarded, or X-Forwarded-For's entries. */
  private static List<String> hops(List<String> headerValues, boolean forwardedSyntax) {
    List<String> hops = new ArrayList<>();
    for (String value : headerValues) {
      for (String element : value.split(",")) {
        if (!forwardedSyntax) {
          hops.add(element.trim());
          continue;
        }
        String forParam = null;
        for (String pair : element.split(";")) {
          String p = pair.trim();
          if (p.toLowerCase(Locale.ROOT).startsWith("for=")) forParam = p.substring(4).trim();
        }
        hops.add(forParam == null ? "" : forParam);
      }
    }
    return hops;
  }

  /** An IP literal (quotes, brackets and a port allowed), or null; never a name, so never a DNS lookup. */
  static InetAddress literal(String raw) {
    String s = raw.trim();
    if (s.length() > 2 && s.startsWith("\"") && s.endsWith("\"")) s = s.substring(1, s.length() - 1);
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) return null;
      s = s.substring(1, close);
    } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
      s = s.substring(0, s.indexOf(':')); // IPv4 with a port
    }
    if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) return null;
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** A CIDR block. */
  private record Block(byte[] network, int prefix) {
    static Block parse(String cidr) {
      int slash = cidr.indexOf('/');
      InetAddress address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
      if (address == null)
        throw new IllegalArgumentException("parley.trusted-proxies: '" + cidr + "' is not an IP address or CIDR block");
      int bits = address.getAddress().length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1).trim());
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits)
        throw new IllegalArgumentException("parley.trusted-proxies: '" + cidr + "' has a prefix length outside 0.." + bits);
      return new Block(address.getAddress(), prefix);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) return false;
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) if (candidate[i] != network[i]) return false;
      int rest = prefix % 8;
      if (rest == 0) return true;
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (candidate[whole] & mask) == (network[whole] & mask);
    }
  }
}

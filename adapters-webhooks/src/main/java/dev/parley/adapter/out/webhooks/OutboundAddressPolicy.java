package dev.parley.adapter.out.webhooks;

import dev.parley.application.port.out.OutboundUrlPolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether the server may call a URL: tenant-supplied URLs must not reach loopback, private, link-local
 * (cloud metadata) or other internal addresses unless configuration allows them.
 *
 * <p>The host is resolved here and every address it resolves to is checked, at every call (each delivery attempt,
 * each retry); the HTTP client then connects by host name and resolves again. Residual risk: a DNS server answering
 * differently between the two look-ups (DNS rebinding) can slip an internal address through. Pinning the checked
 * address would break TLS host verification and the {@code Host} header of {@link java.net.http.HttpClient}, so we
 * accept that risk; a deployment that needs more puts the server behind an egress proxy or firewall.
 *
 * <p>Refusals tell the tenant only that the host is not allowed: never the address it resolved to nor its kind, which
 * would let a tenant map the internal network through DNS. {@link RefusedException#reason()} keeps the kind for tests.
 */
public final class OutboundAddressPolicy implements OutboundUrlPolicy {

  /** A URL the policy refuses; the message names the host the tenant gave, never what it resolved to. */
  public static class RefusedException extends RuntimeException {
    private final String reason;

    public RefusedException(String message) {
      this(message, message);
    }

    RefusedException(String message, String reason) {
      super(message);
      this.reason = reason;
    }

    /** Why, for the operator and tests: the kind of address (not shown to tenants). */
    public String reason() {
      return reason;
    }
  }

  /** The host could not be resolved: nothing is known about it yet, so it is refused, but a retry may succeed. */
  public static final class UnresolvableHostException extends RefusedException {
    public UnresolvableHostException(String message) {
      super(message);
    }
  }

  /** Resolves a host name to its addresses; replaceable in tests so they need no DNS. */
  @FunctionalInterface
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private static final Set<String> SCHEMES = Set.of("http", "https");

  private final boolean allowLoopback;
  private final boolean allowPrivate;
  private final List<Cidr> allowedNetworks = new ArrayList<>();
  private final List<String> allowedHosts = new ArrayList<>();
  private final Resolver resolver;

  /**
   * @param allowedHostsOrCidrs entries such as {@code "10.1.2.0/24"}, {@code "10.1.2.3"}, {@code "fd00::/8"},
   *     {@code "internal.example.com"} or {@code "*.example.com"}; an allowed host skips the address checks
   */
  public OutboundAddressPolicy(boolean allowLoopback, boolean allowPrivate, List<String> allowedHostsOrCidrs) {
    this(allowLoopback, allowPrivate, allowedHostsOrCidrs, InetAddress::getAllByName);
  }

  OutboundAddressPolicy(boolean allowLoopback, boolean allowPrivate, List<String> allowedHostsOrCidrs, Resolver resolver) {
    this.allowLoopback = allowLoopback;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
    for (String raw : allowedHostsOrCidrs == null ? List.<String>of() : allowedHostsOrCidrs) {
      String entry = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) continue;
      if (entry.contains("/") || isIpLiteral(entry)) allowedNetworks.add(Cidr.parse(entry));
      else allowedHosts.add(entry);
    }
  }

  /** Returns normally when the URL may be called; otherwise throws {@link RefusedException}. */
  public void check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme))
      throw new RefusedException("outbound URL '" + uri + "' refused: only http and https are allowed");
    String host = uri.getHost();
    if (host == null || host.isBlank())
      throw new RefusedException("outbound URL '" + uri + "' refused: it has no valid host");
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (hostAllowed(host.toLowerCase(Locale.ROOT))) return;
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new UnresolvableHostException("outbound host '" + host + "' could not be resolved");
    }
    if (addresses == null || addresses.length == 0)
      throw new UnresolvableHostException("outbound host '" + host + "' resolved to no address");
    // Every address counts: the client may connect to any of them.
    for (InetAddress address : addresses) {
      String refusal = refusal(address);
      if (refusal != null)
        throw new RefusedException("outbound host '" + host + "' is not allowed", refusal);
    }
  }

  /**
   * When an agent is defined: false only for a URL known to reach an address refused now. A host that does not
   * resolve yet passes (DNS may be down for a moment); every call checks again anyway.
   */
  @Override
  public boolean permits(String url) {
    try {
      check(URI.create(url));
      return true;
    } catch (UnresolvableHostException e) {
      return true;
    } catch (RefusedException e) {
      return false;
    } catch (IllegalArgumentException e) { // not a URI: the domain's URL check names that problem
      return true;
    }
  }

  private boolean hostAllowed(String host) {
    for (String allowed : allowedHosts) {
      if (allowed.equals(host)) return true;
      if (allowed.startsWith("*.") && host.endsWith(allowed.substring(1))) return true;
    }
    return false;
  }

  /** Why an address is refused, or null when it may be called. */
  private String refusal(InetAddress address) {
    for (Cidr network : allowedNetworks) if (network.contains(address)) return null;
    AddressKind kind = AddressKind.of(address.getAddress());
    return switch (kind) {
      case PUBLIC -> null;
      case LOOPBACK -> allowLoopback ? null : kind.description;
      case PRIVATE, CARRIER_GRADE_NAT -> allowPrivate ? null : kind.description;
      // Link-local (cloud metadata), unspecified, multicast and reserved addresses only pass an explicit allow-list.
      default -> kind.description;
    };
  }

  private static boolean isIpLiteral(String entry) {
    return entry.contains(":") || entry.matches("[0-9.]+");
  }

  /** The kinds of address that matter to the policy, by their IANA special-purpose ranges. */
  enum AddressKind {
    PUBLIC("a public address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private address"),
    CARRIER_GRADE_NAT("a carrier-grade NAT address"),
    LINK_LOCAL("a link-local or cloud metadata address"),
    UNSPECIFIED("an unspecified (any-local) address"),
    MULTICAST("a multicast address"),
    RESERVED("a reserved or broadcast address");

    final String description;

    AddressKind(String description) {
      this.description = description;
    }

    static AddressKind of(byte[] a) {
      return a.length == 4 ? ofIpv4(a) : ofIpv6(a);
    }

    private static AddressKind ofIpv4(byte[] a) {
      int b0 = a[0] & 0xff, b1 = a[1] & 0xff;
      if (b0 == 0) return UNSPECIFIED; // 0.0.0.0/8: Linux connects 0.0.0.0 to the local host
      if (b0 == 127) return LOOPBACK;
      if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) return PRIVATE;
      if (b0 == 100 && (b1 & 0xc0) == 64) return CARRIER_GRADE_NAT;
      if (b0 == 169 && b1 == 254) return LINK_LOCAL;
      if (b0 == 192 && b1 == 0 && (a[2] & 0xff) == 0) return RESERVED; // 192.0.0.0/24 IETF protocol assignments
      if (b0 == 198 && (b1 & 0xfe) == 18) return RESERVED; // 198.18.0.0/15 benchmarking
      if (b0 >= 224 && b0 <= 239) return MULTICAST;
      if (b0 >= 240) return RESERVED;
      return PUBLIC;
    }

    private static AddressKind ofIpv6(byte[] a) {
      int b0 = a[0] & 0xff, b1 = a[1] & 0xff;
      if (isZero(a, 0, 15) && (a[15] == 0 || a[15] == 1)) return a[15] == 0 ? UNSPECIFIED : LOOPBACK;
      // Addresses that embed an IPv4 address reach that IPv4 host: judge the embedded one.
      if (isZero(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) return ofIpv4(Arrays.copyOfRange(a, 12, 16));
      if (isZero(a, 0, 8) && (a[8] & 0xff) == 0xff && (a[9] & 0xff) == 0xff && isZero(a, 10, 12))
        return ofIpv4(Arrays.copyOfRange(a, 12, 16)); // IPv4-translated ::ffff:0:a.b.c.d (::ffff:0:0:0/96)
      if (isZero(a, 0, 12)) return ofIpv4(Arrays.copyOfRange(a, 12, 16)); // IPv4-compatible ::a.b.c.d
      if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && isZero(a, 4, 12))
        return ofIpv4(Arrays.copyOfRange(a, 12, 16)); // NAT64 64:ff9b::/96
      if (b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b && a[4] == 0 && a[5] == 1)
        return PRIVATE; // local-use NAT64 64:ff9b:1::/48: translates into a private network
      if (b0 == 0x20 && b1 == 0x02) return ofIpv4(Arrays.copyOfRange(a, 2, 6)); // 6to4 2002::/16
      if (b0 == 0x20 && b1 == 0x01 && a[2] == 0 && a[3] == 0) return RESERVED; // Teredo 2001::/32 tunnels to any IPv4
      if ((b0 & 0xfe) == 0xfc) return PRIVATE; // unique local fc00::/7
      if (b0 == 0xfe && (b1 & 0xc0) == 0x80) return LINK_LOCAL; // fe80::/10
      if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) return PRIVATE; // deprecated site-local fec0::/10
      if (b0 == 0xff) return MULTICAST;
      return PUBLIC;
    }

    private static boolean isZero(byte[] a, int from, int to) {
      for (int i = from; i < to; i++) if (a[i] != 0) return false;
      return true;
    }
  }

  /** A network from the allow-list; a bare address is a network of one. */
  private record Cidr(byte[] network, int prefix) {
    static Cidr parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes;
      try {
        if (!isIpLiteral(address)) throw new UnknownHostException(address);
        bytes = InetAddress.getByName(address).getAddress(); // a literal: no DNS look-up happens
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("outbound allow-list entry '" + entry + "' is not an address or network");
      }
      int max = bytes.length * 8;
      int prefix;
      try {
        prefix = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("outbound allow-list entry '" + entry + "' has an invalid prefix length");
      }
      if (prefix < 0 || prefix > max)
        throw new IllegalArgumentException("outbound allow-list entry '" + entry + "' has an invalid prefix length");
      return new Cidr(bytes, prefix);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) return false;
      int bits = prefix;
      for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
        int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
        if ((candidate[i] & mask) != (network[i] & mask)) return false;
      }
      return true;
    }
  }

  @Override
  public String toString() {
    return "OutboundAddressPolicy[allowLoopback=" + allowLoopback + ", allowPrivate=" + allowPrivate
        + ", allowedHosts=" + allowedHosts + ", allowedNetworks=" + allowedNetworks.size() + "]";
  }
}

package dev.handoff.router.adapters.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

import dev.handoff.router.config.RouterConfig;
import dev.handoff.router.domain.WebhookUrls;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The outbound URL policy (SSRF guard): https only; plain http only to a loopback address, and only where config allows
 * it (dev mode, tests). Loopback, private, link-local (which holds the cloud metadata service), unique-local and
 * wildcard addresses are refused unless config allows private addresses. Every address the host resolves to must pass.
 */
@ApplicationScoped
public class WebhookUrlPolicy implements WebhookUrls {
    private final boolean allowHttpLoopback;
    private final boolean allowPrivateAddresses;

    @Inject
    public WebhookUrlPolicy(RouterConfig config) {
        this(config.webhook().allowHttpLoopback(), config.webhook().allowPrivateAddresses());
    }

    public WebhookUrlPolicy(boolean allowHttpLoopback, boolean allowPrivateAddresses) {
        this.allowHttpLoopback = allowHttpLoopback;
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    @Override
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL");
        }
        if (uri.getUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("its host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (scheme.equals("http") && !(address.isLoopbackAddress() && allowHttpLoopback)) {
                return Optional.of("must use https (plain http only to loopback, where allowed)");
            }
            if (address.isLoopbackAddress() && scheme.equals("http")) {
                continue; // allowed above: dev mode and tests
            }
            if (internal(address) && !allowPrivateAddresses) {
                return Optional.of("points at a private, loopback, link-local or metadata address");
            }
        }
        return Optional.empty();
    }

    private static boolean internal(InetAddress address) {
        boolean uniqueLocalV6 = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocalV6
                || carrierGradeNat(address);
    }

    /** 100.64.0.0/10, shared address space: not reachable from the internet either. */
    private static boolean carrierGradeNat(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }
}

package org.matricula.platform.crm.campaigns;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Open and click counting of campaign mails, for recipients whose latest consent to it
 * ({@code TRACKING}) is granted; the others get the plain mail with its links as written. A
 * tracked mail carries an HTML alternative with a one-pixel image ({@code /t/o/{token}}) and its
 * links lead through {@code /t/c/{token}/{n}}. The token is 32 random bytes given to that
 * recipient only (its SHA-256 kept, as the unsubscribe link's), so it names the recipient without
 * signing in and cannot be guessed; {@code n} is the position of a link written in the campaign's
 * own templates ({@code campaign_links}): a redirect leads only there, never to a URL given in the
 * request nor to one a person's values put in a mail.
 */
public final class Tracking {

    /** A web link in a mail's text: http(s) up to white space or a closing bracket or quote. */
    static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"'()\\[\\]]+[^\\s<>\"'()\\[\\].,;:!?]");

    private final Jdbi jdbi;
    private final Clock clock;

    public Tracking(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Counts an open; false when the token names no tracked recipient. */
    public boolean open(String token) {
        return valid(token) && jdbi.withHandle(h -> h.createUpdate("UPDATE campaign_recipients SET opens = opens + 1,"
                + " first_open_at = coalesce(first_open_at, :now) WHERE track_hash = :hash")
                .bind("now", clock.instant()).bind("hash", CampaignSender.hash(token)).execute() == 1);
    }

    /** Counts a click and answers where the link leads; empty when the token or the link is unknown. */
    public Optional<String> click(String token, int position) {
        if (!valid(token)) {
            return Optional.empty();
        }
        return jdbi.inTransaction(h -> {
            Optional<String> url = h.createQuery("SELECT l.url FROM campaign_recipients r JOIN campaign_links l"
                    + " ON l.campaign_id = r.campaign_id AND l.position = :n WHERE r.track_hash = :hash")
                    .bind("n", position).bind("hash", CampaignSender.hash(token)).mapTo(String.class).findOne();
            url.ifPresent(found -> h.createUpdate("UPDATE campaign_recipients SET clicks = clicks + 1,"
                    + " first_click_at = coalesce(first_click_at, :now) WHERE track_hash = :hash")
                    .bind("now", clock.instant()).bind("hash", CampaignSender.hash(token)).execute());
            return url;
        });
    }

    private static boolean valid(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{43}");
    }

    /**
     * The web links written in a campaign's own templates, read before any person's values are
     * filled in: only these are ever tracked. A link that is partly a value ({@code
     * https://site/{{email}}}) is not among them as it is sent, so it stays as it is too.
     */
    static Set<String> templateLinks(String... templates) {
        Set<String> links = new LinkedHashSet<>();
        for (String template : templates) {
            Matcher matcher = LINK.matcher(template == null ? "" : template);
            while (matcher.find()) {
                links.add(matcher.group());
            }
        }
        return links;
    }

    /**
     * The text with each of the campaign's own links replaced by what {@code replace} makes of
     * it; any other URL in it came in with a person's value (a lead may name themselves
     * "https://..."), and is left as plain text: a click-through leads only where the campaign's
     * author wrote, never where a lead wished.
     */
    static String rewrite(String text, Set<String> ownLinks, UnaryOperator<String> replace) {
        Matcher matcher = LINK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String url = matcher.group();
            matcher.appendReplacement(out, Matcher.quoteReplacement(ownLinks.contains(url) ? replace.apply(url) : url));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** The position of a link among the campaign's (added when new); the caller holds the campaign's row lock. */
    static int position(Handle h, long campaign, String url) {
        return h.createQuery("SELECT position FROM campaign_links WHERE campaign_id = :c AND url = :url")
                .bind("c", campaign).bind("url", url).mapTo(Integer.class).findOne()
                .orElseGet(() -> h.createQuery("""
                        INSERT INTO campaign_links (campaign_id, position, url)
                        VALUES (:c, (SELECT coalesce(max(position), 0) + 1 FROM campaign_links WHERE campaign_id = :c),
                                :url) RETURNING position""").bind("c", campaign).bind("url", url)
                        .mapTo(Integer.class).one());
    }

    /**
     * The HTML alternative of a tracked mail: its text, the links {@code linkable} accepts made
     * links (the platform's own: click-throughs and unsubscribing), and the open pixel. Any other
     * URL, a person's value among them, stays text, as it is in the plain part.
     */
    static String html(String text, String pixel, Predicate<String> linkable) {
        String escaped = escape(text);
        String linked = LINK.matcher(escaped).replaceAll(match -> Matcher.quoteReplacement(
                linkable.test(match.group()) ? "<a href=\"" + match.group() + "\">" + match.group() + "</a>"
                        : match.group()));
        return "<!doctype html><html><body><div style=\"white-space:pre-wrap\">" + linked + "</div>"
                + "<img src=\"" + escape(pixel) + "\" width=\"1\" height=\"1\" alt=\"\"></body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package org.matricula.platform.cluster;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a mail server received, as a receiver that drops duplicates would see it: the
 * {@code Message-ID}s of the mails naming each declaration number in their subject.
 */
record ReceivedMails(int raw, Map<String, List<String>> messageIdsByNumber, List<String> unnumbered) {

    private static final Pattern NUMBER = Pattern.compile("\\d{4}-\\d{6}");

    static ReceivedMails of(MimeMessage[] messages) throws MessagingException {
        Map<String, List<String>> byNumber = new HashMap<>();
        List<String> unnumbered = new ArrayList<>();
        for (MimeMessage message : messages) {
            String subject = message.getSubject() == null ? "" : message.getSubject();
            Matcher number = NUMBER.matcher(subject);
            if (number.find()) {
                byNumber.computeIfAbsent(number.group(), key -> new ArrayList<>()).add(message.getMessageID());
            } else {
                unnumbered.add(subject);
            }
        }
        return new ReceivedMails(messages.length, byNumber, unnumbered);
    }

    /** The mails a receiver keeping one copy per {@code Message-ID} ends up with. */
    int distinct() {
        Set<String> ids = new HashSet<>();
        messageIdsByNumber.values().forEach(ids::addAll);
        return ids.size();
    }

    List<String> messageIds(String number) {
        return messageIdsByNumber.getOrDefault(number, List.of());
    }
}

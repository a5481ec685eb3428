// Decodes a watch stream as it arrives: bytes in, WatchEvents out.
//
// Kubernetes writes one JSON object per event followed by a newline, but chunk boundaries fall
// anywhere (mid-object, several events per chunk). The splitter tracks JSON nesting (strings and
// escapes included) instead of trusting newlines, so it also reads streams whose events are
// concatenated without one. Why not QJsonDocument alone: it parses whole documents only.
//
// Value type; not thread-safe.
#pragma once

#include "clienttypes.h"

#include <QByteArray>
#include <optional>

namespace tugboat::client {

class JsonStreamSplitter {
public:
    // Appends bytes from the stream.
    void feed(const QByteArray &bytes);
    // The next complete top-level JSON value, if the buffer holds one.
    std::optional<QByteArray> next();
    // Bytes buffered that do not form a complete value yet (whitespace excluded).
    qsizetype pending() const;

private:
    QByteArray m_buffer;
    qsizetype m_scan = 0;   // where the scan of the current value has reached
    qsizetype m_start = -1; // where the current value begins; -1: not found yet
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
};

// One event line as a WatchEvent. Objects without kind/apiVersion get them from `resource`. A line
// that is not a watch event is a BadRequest error naming what is wrong.
api::Result<WatchEvent> parseWatchEvent(const QByteArray &json, const api::ResourceInfo &resource);

// Sets kind and apiVersion when the server left them out (list items, some events).
api::ObjectPtr withTypeMeta(QJsonObject object, const api::ResourceInfo &resource);

} // namespace tugboat::client

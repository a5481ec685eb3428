#include "watchdecoder.h"

#include "statuserror.h"

#include <QJsonDocument>

namespace tugboat::client {

void JsonStreamSplitter::feed(const QByteArray &bytes)
{
    m_buffer.append(bytes);
}

std::optional<QByteArray> JsonStreamSplitter::next()
{
    const qsizetype size = m_buffer.size();
    for (; m_scan < size; ++m_scan) {
        const char c = m_buffer.at(m_scan);
        if (m_start < 0) {
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
                continue;
            m_start = m_scan;
        }
        if (m_inString) {
            if (m_escape)
                m_escape = false;
            else if (c == '\\')
                m_escape = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        if (c == '"') {
            m_inString = true;
        } else if (c == '{' || c == '[') {
            ++m_depth;
        } else if (c == '}' || c == ']') {
            if (--m_depth <= 0) {
                // One complete value: hand it out and drop it from the buffer.
                QByteArray value = m_buffer.mid(m_start, m_scan + 1 - m_start);
                m_buffer.remove(0, m_scan + 1);
                m_scan = 0;
                m_start = -1;
                m_depth = 0;
                return value;
            }
        } else if (m_depth == 0 && (c == '\n' || c == '\r')) {
            // A bare scalar on its own line is not an event, but it is a complete value.
            QByteArray value = m_buffer.mid(m_start, m_scan - m_start);
            m_buffer.remove(0, m_scan + 1);
            m_scan = 0;
            m_start = -1;
            return value;
        }
    }
    return std::nullopt;
}

qsizetype JsonStreamSplitter::pending() const
{
    return m_start < 0 ? 0 : m_buffer.size() - m_start;
}

api::ObjectPtr withTypeMeta(QJsonObject object, const api::ResourceInfo &resource)
{
    if (!object.contains(QLatin1String("kind")) && !resource.kind.isEmpty())
        object.insert(QStringLiteral("kind"), resource.kind);
    if (!object.contains(QLatin1String("apiVersion")) && !resource.version.isEmpty())
        object.insert(QStringLiteral("apiVersion"), resource.apiVersion());
    return api::makeObject(std::move(object));
}

QString eventTypeName(WatchEvent::Type type)
{
    switch (type) {
    case WatchEvent::Type::Added:
        return QStringLiteral("ADDED");
    case WatchEvent::Type::Modified:
        return QStringLiteral("MODIFIED");
    case WatchEvent::Type::Deleted:
        return QStringLiteral("DELETED");
    case WatchEvent::Type::Bookmark:
        return QStringLiteral("BOOKMARK");
    case WatchEvent::Type::Error:
        return QStringLiteral("ERROR");
    }
    return {};
}

api::Result<WatchEvent> parseWatchEvent(const QByteArray &json, const api::ResourceInfo &resource)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject())
        return api::Error(api::ErrorCode::BadRequest,
                          QStringLiteral("malformed watch event: %1").arg(parseError.errorString()));
    const QJsonObject event = doc.object();
    const QString type = event.value(QLatin1String("type")).toString();
    const QJsonValue object = event.value(QLatin1String("object"));
    if (!object.isObject())
        return api::Error(api::ErrorCode::BadRequest, QStringLiteral("malformed watch event: no object in a %1 event")
                                                          .arg(type.isEmpty() ? QStringLiteral("typeless") : type));
    WatchEvent e;
    if (type == QLatin1String("ADDED"))
        e.type = WatchEvent::Type::Added;
    else if (type == QLatin1String("MODIFIED"))
        e.type = WatchEvent::Type::Modified;
    else if (type == QLatin1String("DELETED"))
        e.type = WatchEvent::Type::Deleted;
    else if (type == QLatin1String("BOOKMARK"))
        e.type = WatchEvent::Type::Bookmark;
    else if (type == QLatin1String("ERROR"))
        e.type = WatchEvent::Type::Error;
    else
        return api::Error(api::ErrorCode::BadRequest, QStringLiteral("unknown watch event type \"%1\"").arg(type));

    if (e.type == WatchEvent::Type::Error) {
        e.object = api::makeObject(object.toObject());
        e.error = errorFromStatus(object.toObject());
    } else {
        e.object = withTypeMeta(object.toObject(), resource);
    }
    return e;
}

} // namespace tugboat::client

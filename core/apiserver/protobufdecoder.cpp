// Schema-driven decoding of Kubernetes protobuf messages into their JSON form (protobufschema.h).
//
// How a proto field becomes a JSON key mirrors what kube-apiserver would print after gogo-protobuf
// unmarshalling into the Go struct and encoding/json marshalling it:
//  - gogo writes every Go value field (strings, numbers, structs) even when zero, and a pointer,
//    slice or map only when set; so presence on the wire stands for "non-nil" only for Ptr fields;
//  - a value field prints unless omitempty and zero; a Go struct always prints (a zero metav1.Time as
//    null, a zero Quantity as "0", a zero IntOrString as 0);
//  - a field Go prints without omitempty prints even when absent: its zero value, or null for a nil
//    pointer, slice or map;
//  - a singular message that occurs more than once is merged (its occurrences concatenated), and a
//    repeated number field may come packed or not, as protobuf allows.
#include "api/quantity.h"
#include "protobufschema.h"
#include "protobufwire.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <cmath>
#include <cstring>
#include <vector>

namespace tugboat::apiserver::protobuf {

namespace {

constexpr int kMaxDepth = 64;

// Where the decoder is, for error messages: "spec.template.spec.containers[0].ports".
struct Path {
    const Path *parent = nullptr;
    const char *name = nullptr;
    qsizetype index = -1;

    QString toString() const
    {
        QString text = parent ? parent->toString() : QString();
        if (name && *name) {
            if (!text.isEmpty())
                text += QLatin1Char('.');
            text += QLatin1String(name);
        }
        if (index >= 0)
            text += QStringLiteral("[%1]").arg(index);
        return text;
    }
};

// What one field of a message collected while its bytes were scanned.
struct Slot {
    bool present = false;
    QJsonValue scalar;  // last occurrence of a singular scalar
    QByteArray message; // all occurrences of a singular message, concatenated (= merged)
    QJsonArray list;    // repeated values, decoded
    QJsonObject map;    // map entries
};

int expectedWireType(Kind kind)
{
    switch (kind) {
    case Kind::Int32:
    case Kind::Int64:
    case Kind::Bool:
        return Varint;
    case Kind::Double:
        return Fixed64;
    default:
        return LengthDelimited;
    }
}

bool isNumeric(Kind kind)
{
    return kind == Kind::Int32 || kind == Kind::Int64 || kind == Kind::Bool || kind == Kind::Double;
}

bool isMap(Kind kind)
{
    return kind == Kind::StringMap || kind == Kind::BytesMap || kind == Kind::QuantityMap;
}

bool isScalar(Kind kind)
{
    return isNumeric(kind) || kind == Kind::String || kind == Kind::Bytes;
}

bool isZero(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString().isEmpty();
    case QJsonValue::Bool:
        return !value.toBool();
    case QJsonValue::Double:
        return value.toDouble() == 0;
    default:
        return value.isNull();
    }
}

QJsonValue zeroScalar(Kind kind)
{
    switch (kind) {
    case Kind::String:
        return QString();
    case Kind::Bool:
        return false;
    case Kind::Bytes:
        return QJsonValue::Null; // a nil []byte
    default:
        return 0;
    }
}

// Go's time.Duration.String(): "0s", "1.5µs", "300ms", "1h2m3.5s".
QString goDuration(qint64 nanoseconds)
{
    if (nanoseconds == 0)
        return QStringLiteral("0s");
    const bool negative = nanoseconds < 0;
    quint64 u = negative ? 0 - quint64(nanoseconds) : quint64(nanoseconds);
    // The fraction of u / 10^precision without trailing zeros (and without the point when zero).
    auto fraction = [&u](int precision) {
        QString digits;
        bool significant = false;
        for (int i = 0; i < precision; ++i) {
            const int digit = int(u % 10);
            significant = significant || digit != 0;
            if (significant)
                digits.prepend(QChar(u'0' + digit));
            u /= 10;
        }
        return digits.isEmpty() ? QString() : QLatin1Char('.') + digits;
    };
    QString text;
    if (u < 1000000000ULL) {
        QString unit;
        int precision = 0;
        if (u < 1000) {
            unit = QStringLiteral("ns");
        } else if (u < 1000000) {
            unit = QStringLiteral("µs");
            precision = 3;
        } else {
            unit = QStringLiteral("ms");
            precision = 6;
        }
        const QString frac = fraction(precision);
        text = QString::number(u) + frac + unit;
    } else {
        const QString frac = fraction(9);
        text = QString::number(u % 60) + frac + QLatin1Char('s');
        u /= 60;
        if (u > 0) {
            text.prepend(QString::number(u % 60) + QLatin1Char('m'));
            u /= 60;
            if (u > 0)
                text.prepend(QString::number(u) + QLatin1Char('h'));
        }
    }
    return negative ? QLatin1Char('-') + text : text;
}

class Decoder {
public:
    explicit Decoder(const MessageTable &table)
        : m_table(table)
    {}

    const QString &error() const { return m_error; }

    bool decodeObject(const QByteArray &name, QByteArrayView bytes, int depth, const Path &path, QJsonObject &out)
    {
        const auto it = m_table.constFind(name);
        if (it == m_table.constEnd())
            return fail(path, QStringLiteral("no schema for message %1").arg(QString::fromLatin1(name)));
        return decodeFields(*it, bytes, depth, path, out);
    }

private:
    bool fail(const Path &path, const QString &problem)
    {
        const QString where = path.toString();
        m_error = where.isEmpty() ? problem : where + QStringLiteral(": ") + problem;
        return false;
    }

    bool enter(int depth, const Path &path)
    {
        if (depth > kMaxDepth)
            return fail(path, QStringLiteral("messages nested deeper than %1 levels").arg(kMaxDepth));
        return true;
    }

    static QString describe(const Field &field)
    {
        return QStringLiteral("field %1 (%2)").arg(field.number).arg(QLatin1String(field.json));
    }

    bool decodeFields(const QList<Field> &fields, QByteArrayView bytes, int depth, const Path &path, QJsonObject &out)
    {
        if (!enter(depth, path))
            return false;
        std::vector<Slot> collected(size_t(fields.size()));
        WireReader reader(bytes);
        while (!reader.atEnd()) {
            int number = 0;
            int wireType = 0;
            if (!reader.readKey(number, wireType))
                return fail(path, reader.problem());
            qsizetype index = 0;
            while (index < fields.size() && fields[index].number != number)
                ++index;
            if (index == fields.size()) {
                if (!reader.skip(wireType))
                    return fail(path, QStringLiteral("unknown field %1: %2").arg(number).arg(reader.problem()));
                continue;
            }
            if (!collect(fields[index], wireType, reader, depth, path, collected[size_t(index)]))
                return false;
        }
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (!place(fields[i], collected[size_t(i)], depth, path, out))
                return false;
        }
        return true;
    }

    // Reads one occurrence of a known field into its slot.
    bool collect(const Field &field, int wireType, WireReader &reader, int depth, const Path &path, Slot &slot)
    {
        const bool repeated = field.flags & Rep;
        const int expected = expectedWireType(field.kind);
        if (repeated && isNumeric(field.kind) && wireType == LengthDelimited) {
            QByteArrayView packed;
            if (!reader.readBytes(packed))
                return fail(path, describe(field) + QStringLiteral(": ") + reader.problem());
            WireReader elements(packed);
            while (!elements.atEnd()) {
                QJsonValue value;
                if (!readScalar(field, elements, path, value))
                    return false;
                slot.list.append(value);
            }
            slot.present = true;
            return true;
        }
        if (wireType != expected)
            return fail(
                path,
                QStringLiteral("%1 has wire type %2, expected %3").arg(describe(field)).arg(wireType).arg(expected));
        slot.present = true;
        if (isScalar(field.kind)) {
            QJsonValue value;
            if (!readScalar(field, reader, path, value))
                return false;
            if (repeated)
                slot.list.append(value);
            else
                slot.scalar = value;
            return true;
        }
        QByteArrayView bytes;
        if (!reader.readBytes(bytes))
            return fail(path, describe(field) + QStringLiteral(": ") + reader.problem());
        if (isMap(field.kind))
            return readMapEntry(field, bytes, depth + 1, Path{&path, field.json}, slot.map);
        if (!repeated) {
            slot.message.append(bytes.data(), bytes.size());
            return true;
        }
        QJsonValue value;
        if (!decodeValue(field, bytes, depth + 1, Path{&path, field.json, slot.list.size()}, value))
            return false;
        slot.list.append(value);
        return true;
    }

    bool readScalar(const Field &field, WireReader &reader, const Path &path, QJsonValue &value)
    {
        quint64 number = 0;
        QByteArrayView bytes;
        bool ok = false;
        switch (field.kind) {
        case Kind::String:
            ok = reader.readBytes(bytes);
            value = QString::fromUtf8(bytes); // invalid UTF-8 becomes U+FFFD, as in Go's JSON
            break;
        case Kind::Bytes:
            ok = reader.readBytes(bytes);
            value = QString::fromLatin1(bytes.toByteArray().toBase64());
            break;
        case Kind::Int32:
            ok = reader.readVarint(number);
            value = qint32(quint32(number)); // Go's int32 keeps the low 32 bits
            break;
        case Kind::Int64:
            ok = reader.readVarint(number);
            value = qint64(number);
            break;
        case Kind::Bool:
            ok = reader.readVarint(number);
            value = number != 0;
            break;
        case Kind::Double: {
            ok = reader.readFixed(8, number);
            double d = 0;
            static_assert(sizeof d == sizeof number);
            std::memcpy(&d, &number, sizeof d);
            if (ok && !std::isfinite(d))
                return fail(path, describe(field) + QStringLiteral(": %1 has no JSON form").arg(d));
            value = d;
            break;
        }
        default:
            Q_UNREACHABLE();
        }
        if (!ok)
            return fail(path, describe(field) + QStringLiteral(": ") + reader.problem());
        return true;
    }

    // A map entry {key = 1; value = 2}; a missing key or value is the zero value, as in Go.
    bool readMapEntry(const Field &field, QByteArrayView bytes, int depth, const Path &path, QJsonObject &map)
    {
        if (!enter(depth, path))
            return false;
        QString key;
        QJsonValue value = field.kind == Kind::BytesMap      ? QJsonValue(QJsonValue::Null)
                           : field.kind == Kind::QuantityMap ? QJsonValue(QStringLiteral("0"))
                                                             : QJsonValue(QString());
        WireReader reader(bytes);
        while (!reader.atEnd()) {
            int number = 0;
            int wireType = 0;
            if (!reader.readKey(number, wireType))
                return fail(path, reader.problem());
            if ((number != 1 && number != 2) || wireType != LengthDelimited) {
                if (number == 1 || number == 2)
                    return fail(
                        path,
                        QStringLiteral("map entry field %1 has wire type %2, expected 2").arg(number).arg(wireType));
                if (!reader.skip(wireType))
                    return fail(path, reader.problem());
                continue;
            }
            QByteArrayView part;
            if (!reader.readBytes(part))
                return fail(path, reader.problem());
            if (number == 1) {
                key = QString::fromUtf8(part);
            } else if (field.kind == Kind::StringMap) {
                value = QString::fromUtf8(part);
            } else if (field.kind == Kind::BytesMap) {
                value = QString::fromLatin1(part.toByteArray().toBase64());
            } else if (!decodeQuantity(part, depth + 1, path, value)) {
                return false;
            }
        }
        map.insert(key, value);
        return true;
    }

    // Puts a field's collected value into the JSON object, by the rules in the file comment.
    bool place(const Field &field, const Slot &slot, int depth, const Path &parent, QJsonObject &out)
    {
        const QString key = QLatin1String(field.json);
        const bool noOmit = field.flags & NoOmit;
        if (field.flags & Inline) {
            QJsonObject inlined;
            if (!decodeObject(field.message, slot.message, depth + 1, parent, inlined))
                return false;
            for (auto it = inlined.constBegin(); it != inlined.constEnd(); ++it)
                out.insert(it.key(), it.value());
            return true;
        }
        if (field.flags & Rep) {
            if (!slot.list.isEmpty())
                out.insert(key, slot.list);
            else if (noOmit)
                out.insert(key, QJsonValue::Null);
            return true;
        }
        if (isMap(field.kind)) {
            if (slot.present)
                out.insert(key, slot.map);
            else if (noOmit)
                out.insert(key, QJsonValue::Null);
            return true;
        }
        if (!slot.present && (field.flags & Ptr)) {
            if (noOmit)
                out.insert(key, QJsonValue::Null);
            return true;
        }
        if (isScalar(field.kind)) {
            const QJsonValue value = slot.present ? slot.scalar : zeroScalar(field.kind);
            if ((field.flags & Ptr) || noOmit || !isZero(value))
                out.insert(key, value);
            return true;
        }
        QJsonValue value;
        if (!decodeValue(field, slot.message, depth + 1, Path{&parent, field.json}, value))
            return false;
        out.insert(key, value);
        return true;
    }

    // A message or special type from its (possibly empty) bytes.
    bool decodeValue(const Field &field, QByteArrayView bytes, int depth, const Path &path, QJsonValue &value)
    {
        switch (field.kind) {
        case Kind::Message: {
            QJsonObject object;
            if (!decodeObject(field.message, bytes, depth, path, object))
                return false;
            value = object;
            return true;
        }
        case Kind::Quantity:
            return decodeQuantity(bytes, depth, path, value);
        case Kind::Time:
        case Kind::MicroTime:
            return decodeTime(bytes, field.kind == Kind::MicroTime, depth, path, value);
        case Kind::Duration:
            return decodeDuration(bytes, depth, path, value);
        case Kind::IntOrString:
            return decodeIntOrString(bytes, depth, path, value);
        case Kind::RawExtension:
        case Kind::FieldsV1:
            return decodeRawJson(bytes, depth, path, value);
        default:
            Q_UNREACHABLE();
        }
        return false;
    }

    // The small messages of the special types: field number -> last varint or bytes, fields 1 to 3.
    struct Small {
        quint64 varint[4] = {};
        QByteArrayView bytes[4];
        bool has[4] = {};
    };

    bool readSmall(QByteArrayView data, const int (&wireTypes)[4], int depth, const Path &path, Small &out)
    {
        if (!enter(depth, path))
            return false;
        WireReader reader(data);
        while (!reader.atEnd()) {
            int number = 0;
            int wireType = 0;
            if (!reader.readKey(number, wireType))
                return fail(path, reader.problem());
            if (number > 3 || wireTypes[number] < 0) {
                if (!reader.skip(wireType))
                    return fail(path, reader.problem());
                continue;
            }
            if (wireType != wireTypes[number])
                return fail(path, QStringLiteral("field %1 has wire type %2, expected %3")
                                      .arg(number)
                                      .arg(wireType)
                                      .arg(wireTypes[number]));
            const bool ok =
                wireType == Varint ? reader.readVarint(out.varint[number]) : reader.readBytes(out.bytes[number]);
            if (!ok)
                return fail(path, reader.problem());
            out.has[number] = true;
        }
        return true;
    }

    // resource.Quantity {string string = 1}: validated and printed canonically, as Go parses it.
    bool decodeQuantity(QByteArrayView data, int depth, const Path &path, QJsonValue &value)
    {
        Small small;
        if (!readSmall(data, {-1, LengthDelimited, -1, -1}, depth, path, small))
            return false;
        if (!small.has[1]) {
            value = QStringLiteral("0");
            return true;
        }
        const api::Result<api::Quantity> quantity = api::Quantity::parse(QString::fromUtf8(small.bytes[1]));
        if (!quantity)
            return fail(path, quantity.errorMessage());
        value = quantity->toString();
        return true;
    }

    // meta/v1 Time and MicroTime {int64 seconds = 1; int32 nanos = 2}; Go's zero time is null.
    bool decodeTime(QByteArrayView data, bool micro, int depth, const Path &path, QJsonValue &value)
    {
        Small small;
        if (!readSmall(data, {-1, Varint, Varint, -1}, depth, path, small))
            return false;
        // Go reads an empty message as time.Time{}, and any other as time.Unix(seconds, nanos).
        constexpr qint64 kZeroTime = -62135596800; // 0001-01-01T00:00:00Z, Go's time.Time{}
        qint64 seconds = data.isEmpty() ? kZeroTime : qint64(small.varint[1]);
        qint64 nanos = qint32(quint32(small.varint[2]));
        // time.Unix normalises nanoseconds outside [0, 1e9).
        seconds += nanos / 1000000000;
        nanos %= 1000000000;
        if (nanos < 0) {
            nanos += 1000000000;
            --seconds;
        }
        if (seconds == kZeroTime && nanos == 0) {
            value = QJsonValue::Null;
            return true;
        }
        constexpr qint64 kMax = 253402300799; // 9999-12-31T23:59:59Z
        if (seconds < kZeroTime || seconds > kMax)
            return fail(path, QStringLiteral("time %1 s is outside years 1 to 9999").arg(seconds));
        const qint64 days = (seconds - kZeroTime) / 86400;
        const qint64 secondOfDay = (seconds - kZeroTime) % 86400;
        const QDate date = QDate(1, 1, 1).addDays(days);
        QString text = QStringLiteral("%1-%2-%3T%4:%5:%6")
                           .arg(date.year(), 4, 10, QLatin1Char('0'))
                           .arg(date.month(), 2, 10, QLatin1Char('0'))
                           .arg(date.day(), 2, 10, QLatin1Char('0'))
                           .arg(secondOfDay / 3600, 2, 10, QLatin1Char('0'))
                           .arg(secondOfDay / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(secondOfDay % 60, 2, 10, QLatin1Char('0'));
        if (micro)
            text += QStringLiteral(".%1").arg(nanos / 1000, 6, 10, QLatin1Char('0'));
        value = text + QLatin1Char('Z');
        return true;
    }

    // meta/v1 Duration {int64 duration = 1} (nanoseconds).
    bool decodeDuration(QByteArrayView data, int depth, const Path &path, QJsonValue &value)
    {
        Small small;
        if (!readSmall(data, {-1, Varint, -1, -1}, depth, path, small))
            return false;
        value = goDuration(qint64(small.varint[1]));
        return true;
    }

    // intstr.IntOrString {int64 type = 1; int32 intVal = 2; string strVal = 3}.
    bool decodeIntOrString(QByteArrayView data, int depth, const Path &path, QJsonValue &value)
    {
        Small small;
        if (!readSmall(data, {-1, Varint, Varint, LengthDelimited}, depth, path, small))
            return false;
        if (small.varint[1] == 0)
            value = qint32(quint32(small.varint[2]));
        else if (small.varint[1] == 1)
            value = QString::fromUtf8(small.bytes[3]);
        else
            return fail(path, QStringLiteral("IntOrString of unknown type %1").arg(qint64(small.varint[1])));
        return true;
    }

    // runtime.RawExtension and meta/v1 FieldsV1 {bytes raw = 1}: JSON carried as bytes, or null.
    bool decodeRawJson(QByteArrayView data, int depth, const Path &path, QJsonValue &value)
    {
        Small small;
        if (!readSmall(data, {-1, LengthDelimited, -1, -1}, depth, path, small))
            return false;
        if (!small.has[1]) {
            value = QJsonValue::Null;
            return true;
        }
        // Wrapped in an array so that any JSON value, not only an object, parses.
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson("[" + small.bytes[1].toByteArray() + "]", &parseError);
        if (parseError.error != QJsonParseError::NoError || document.array().size() != 1)
            return fail(path, QStringLiteral("embedded raw object is not JSON"));
        value = document.array().first();
        return true;
    }

    const MessageTable &m_table;
    QString m_error;
};

} // namespace

api::Result<QJsonObject> decodeMessage(const MessageTable &table, const QByteArray &message, QByteArrayView bytes)
{
    Decoder decoder(table);
    QJsonObject object;
    if (!decoder.decodeObject(message, bytes, 1, Path{}, object))
        return api::Error(api::ErrorCode::BadRequest, decoder.error());
    return object;
}

QList<QByteArray> unresolvedMessages(const MessageTable &table)
{
    QList<QByteArray> missing;
    for (const QList<Field> &fields : table) {
        for (const Field &field : fields) {
            if (field.kind == Kind::Message && !table.contains(field.message) && !missing.contains(field.message))
                missing.append(field.message);
        }
    }
    return missing;
}

} // namespace tugboat::apiserver::protobuf

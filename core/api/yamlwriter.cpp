#include "yamlwriter.h"

#include "yamlreader.h"

#include <QChar>
#include <QJsonArray>
#include <QStringList>

#include <charconv>
#include <cmath>

namespace tugboat::api {

namespace {

// ---------------------------------------------------------------------------------------------------
// Byte classes of libyaml (yamlprivateh.go), on UTF-8 text. Reading past the end sees NUL, as libyaml's
// NUL-terminated buffers do.

uchar at(const QByteArray &s, qsizetype i)
{
    return i < s.size() ? uchar(s[i]) : 0;
}
int width(uchar c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
}
bool isSpace(const QByteArray &s, qsizetype i)
{
    return at(s, i) == ' ';
}
bool isBlank(const QByteArray &s, qsizetype i)
{
    return at(s, i) == ' ' || at(s, i) == '\t';
}
// U+2028 and U+2029, which libyaml writes raw; see the header.
bool isLineOrParagraphSeparator(const QByteArray &s, qsizetype i)
{
    return at(s, i) == 0xE2 && at(s, i + 1) == 0x80 && (at(s, i + 2) == 0xA8 || at(s, i + 2) == 0xA9);
}
bool isBreak(const QByteArray &s, qsizetype i)
{
    const uchar c = at(s, i);
    return c == '\r' || c == '\n' || (c == 0xC2 && at(s, i + 1) == 0x85) || isLineOrParagraphSeparator(s, i);
}
bool isBlankOrEnd(const QByteArray &s, qsizetype i)
{
    return isBlank(s, i) || isBreak(s, i) || i >= s.size();
}
// libyaml's is_bom looks at the start of the string whatever the index, so a string that starts with
// U+FEFF is escaped character by character ("\uFEFF\x61\x62"); kubectl prints that, so does this.
bool startsWithBom(const QByteArray &s)
{
    return s.startsWith("\xEF\xBB\xBF");
}
bool isPrintable(const QByteArray &s, qsizetype i)
{
    const uchar c = at(s, i), c1 = at(s, i + 1), c2 = at(s, i + 2);
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED) ||
           (c == 0xED && c1 < 0xA0) || c == 0xEE ||
           (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
}

// ---------------------------------------------------------------------------------------------------
// Which style go-yaml's encoder asks for (encode.go stringv).

enum class Style { Plain, SingleQuoted, DoubleQuoted, Literal };

// YAML 1.1 sexagesimal numbers ("1:20"), which go-yaml quotes for other parsers' sake:
// ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool isBase60Float(const QByteArray &s)
{
    qsizetype i = 0;
    const auto digit = [&s](qsizetype k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        ++i;
    if (!digit(i))
        return false;
    while (digit(i) || (i < s.size() && s[i] == '_'))
        ++i;
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        if (!digit(i))
            return false;
        if (digit(i + 1)) {
            if (s[i] > '5')
                return false;
            ++i;
        }
        ++i;
        ++groups;
    }
    if (groups == 0)
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (digit(i) || (i < s.size() && s[i] == '_'))
            ++i;
    }
    return i == s.size();
}

Style requestedStyle(const QByteArray &s, bool key)
{
    // A plain "<<" key reads back as a merge key; go-yaml prints it plain anyway (see the header).
    const bool canUsePlain =
        YamlReader::plainScalarType(s) == YamlReader::ScalarType::String && !isBase60Float(s) && !(key && s == "<<");
    if (s.contains('\n'))
        return Style::Literal;
    return canUsePlain ? Style::Plain : Style::DoubleQuoted;
}

// What the emitter may do with a scalar (yaml_emitter_analyze_scalar). Only block context matters: the
// only flow collections go-yaml writes are empty ones, so libyaml's flow_plain_allowed is left out.
struct Analysis {
    bool multiline = false;
    bool blockPlainAllowed = true;
    bool singleQuotedAllowed = true;
    bool blockAllowed = false;
};

Analysis analyze(const QByteArray &v)
{
    Analysis a;
    if (v.isEmpty())
        return a;
    bool blockIndicators = v.startsWith("---") || v.startsWith("...");
    bool lineBreaks = false, special = false, leadingSpace = false, leadingBreak = false;
    bool trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
    bool precededByWhitespace = true, previousSpace = false, previousBreak = false;
    const qsizetype n = v.size();
    for (qsizetype i = 0, w = 0; i < n; i += w) {
        w = width(uchar(v[i]));
        const bool followedByWhitespace = i + w >= n || isBlank(v, i + w);
        const char c = v[i];
        if (i == 0) {
            if (QByteArrayView("#,[]{}&*!|>'\"%@`").contains(c))
                blockIndicators = true;
            else if (c == '?' || c == ':' || c == '-')
                blockIndicators = blockIndicators || followedByWhitespace;
        } else if (c == ':') {
            blockIndicators = blockIndicators || followedByWhitespace;
        } else if (c == '#' && precededByWhitespace) {
            blockIndicators = true;
        }
        if (!isPrintable(v, i) || isLineOrParagraphSeparator(v, i))
            special = true;
        if (isSpace(v, i)) {
            leadingSpace = leadingSpace || i == 0;
            trailingSpace = trailingSpace || i + w == n;
            breakSpace = breakSpace || previousBreak;
            previousSpace = true;
            previousBreak = false;
        } else if (isBreak(v, i)) {
            lineBreaks = true;
            leadingBreak = leadingBreak || i == 0;
            trailingBreak = trailingBreak || i + w == n;
            spaceBreak = spaceBreak || previousSpace;
            previousSpace = false;
            previousBreak = true;
        } else {
            previousSpace = previousBreak = false;
        }
        precededByWhitespace = isBlankOrEnd(v, i);
    }
    a.multiline = lineBreaks;
    a.blockPlainAllowed = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace ||
                            spaceBreak || special || lineBreaks || blockIndicators);
    a.singleQuotedAllowed = !(breakSpace || spaceBreak || special);
    a.blockAllowed = !(trailingSpace || spaceBreak || special);
    return a;
}

// A number as JSON-then-go-yaml prints it: integral values in int64 or uint64 range as integers
// (json.Marshal writes 3.0 as "3", go-yaml reads that as an int), everything else as a float.
QByteArray formatNumber(const QJsonValue &v)
{
    const qint64 i = v.toInteger();
    if (QJsonValue(i) == v)
        return QByteArray::number(i);
    const double d = v.toDouble();
    if (d >= 0 && d < 18446744073709551616.0 && d == std::floor(d))
        return QByteArray::number(quint64(d));
    return YamlWriter::formatFloat(d, 64);
}

// ---------------------------------------------------------------------------------------------------
// The emitter: libyaml's (go-yaml's emitterc.go) state, for the events go-yaml's encoder produces from
// JSON. Function names follow emitterc.go so the two can be read side by side.

class Emitter {
public:
    QByteArray document(const QJsonValue &root)
    {
        emitNode(root, false, false);
        writeIndent(); // yaml_emitter_emit_document_end
        return m_out;
    }

private:
    static constexpr int bestIndent = 2;
    static constexpr int bestWidth = 80;
    static constexpr qsizetype maxSimpleKeyLength = 128;

    void put(char c)
    {
        m_out += c;
        ++m_column;
    }
    void putBreak()
    {
        m_out += '\n';
        m_column = 0;
    }
    void write(const QByteArray &s, qsizetype &i)
    {
        const int w = width(uchar(s[i]));
        m_out.append(s.constData() + i, w);
        ++m_column;
        i += w;
    }
    void writeBreak(const QByteArray &s, qsizetype &i)
    {
        if (s[i] == '\n') {
            putBreak();
            ++i;
        } else {
            write(s, i);
            m_column = 0;
        }
    }

    void increaseIndent(bool flow, bool indentless)
    {
        m_indents.append(m_indent);
        if (m_indent < 0)
            m_indent = flow ? bestIndent : 0;
        else if (!indentless)
            m_indent += bestIndent;
    }
    void popIndent() { m_indent = m_indents.takeLast(); }

    void writeIndent()
    {
        const int indent = std::max(m_indent, 0);
        if (!m_indention || m_column > indent || (m_column == indent && !m_whitespace))
            putBreak();
        while (m_column < indent)
            put(' ');
        m_whitespace = true;
        m_indention = true;
    }

    void writeIndicator(const char *indicator, bool needWhitespace, bool isWhitespace, bool isIndention)
    {
        if (needWhitespace && !m_whitespace)
            put(' ');
        for (const char *c = indicator; *c; ++c)
            put(*c);
        m_whitespace = isWhitespace;
        m_indention = m_indention && isIndention;
    }

    // libyaml also records root and sequence contexts; nothing go-yaml emits depends on them.
    void emitNode(const QJsonValue &value, bool mapping, bool simpleKey)
    {
        m_mappingContext = mapping;
        m_simpleKeyContext = simpleKey;
        switch (value.type()) {
        case QJsonValue::Object:
            if (value.toObject().isEmpty())
                emitEmptyFlowCollection("{", "}");
            else
                emitBlockMapping(value.toObject());
            return;
        case QJsonValue::Array:
            if (value.toArray().isEmpty())
                emitEmptyFlowCollection("[", "]");
            else
                emitBlockSequence(value.toArray());
            return;
        case QJsonValue::String: {
            const QByteArray s = value.toString().toUtf8();
            emitScalar(s, requestedStyle(s, simpleKey));
            return;
        }
        case QJsonValue::Bool:
            emitScalar(value.toBool() ? "true" : "false", Style::Plain);
            return;
        case QJsonValue::Double:
            emitScalar(formatNumber(value), Style::Plain);
            return;
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            break;
        }
        emitScalar("null", Style::Plain);
    }

    // Empty collections are the only flow collections go-yaml writes (yaml_emitter_check_empty_*).
    void emitEmptyFlowCollection(const char *open, const char *close)
    {
        writeIndicator(open, true, true, false);
        increaseIndent(true, false);
        popIndent();
        writeIndicator(close, false, false, false);
    }

    void emitBlockSequence(const QJsonArray &array)
    {
        increaseIndent(false, m_mappingContext && !m_indention);
        for (const QJsonValue &item : array) {
            writeIndent();
            writeIndicator("-", true, false, true);
            emitNode(item, false, false);
        }
        popIndent();
    }

    void emitBlockMapping(const QJsonObject &object)
    {
        QStringList keys = object.keys();
        mergeSort(keys);
        increaseIndent(false, false);
        for (const QString &key : std::as_const(keys)) {
            writeIndent();
            const QByteArray utf8 = key.toUtf8();
            if (!analyze(utf8).multiline && utf8.size() <= maxSimpleKeyLength) { // check_simple_key
                emitNode(key, true, true);
                writeIndicator(":", false, false, false);
            } else {
                writeIndicator("?", true, false, true);
                emitNode(key, true, false);
                writeIndent();
                writeIndicator(":", true, false, true);
            }
            emitNode(object.value(key), true, false);
        }
        popIndent();
    }

    // keyLess is not guaranteed to be a strict weak order for every key set, so no std::sort (undefined
    // behaviour then); a merge sort stays in bounds whatever the comparator answers.
    static void mergeSort(QStringList &keys)
    {
        QStringList buffer(keys.size());
        for (qsizetype width = 1; width < keys.size(); width *= 2) {
            for (qsizetype lo = 0; lo < keys.size(); lo += 2 * width) {
                const qsizetype mid = std::min(lo + width, keys.size()), hi = std::min(lo + 2 * width, keys.size());
                qsizetype a = lo, b = mid, o = lo;
                while (a < mid && b < hi)
                    buffer[o++] = YamlWriter::keyLess(keys[b], keys[a]) ? keys[b++] : keys[a++];
                while (a < mid)
                    buffer[o++] = keys[a++];
                while (b < hi)
                    buffer[o++] = keys[b++];
            }
            keys.swap(buffer);
        }
    }

    void emitScalar(const QByteArray &value, Style style)
    {
        const Analysis a = analyze(value);
        if (m_simpleKeyContext && a.multiline)
            style = Style::DoubleQuoted;
        if (style == Style::Plain && (!a.blockPlainAllowed || (value.isEmpty() && m_simpleKeyContext)))
            style = Style::SingleQuoted;
        if (style == Style::SingleQuoted && !a.singleQuotedAllowed)
            style = Style::DoubleQuoted;
        if (style == Style::Literal && (!a.blockAllowed || m_simpleKeyContext))
            style = Style::DoubleQuoted;
        increaseIndent(true, false);
        switch (style) {
        case Style::Plain:
            writePlainScalar(value, !m_simpleKeyContext);
            break;
        case Style::SingleQuoted:
            writeSingleQuotedScalar(value, !m_simpleKeyContext);
            break;
        case Style::DoubleQuoted:
            writeDoubleQuotedScalar(value, !m_simpleKeyContext);
            break;
        case Style::Literal:
            writeLiteralScalar(value);
            break;
        }
        popIndent();
    }

    void writePlainScalar(const QByteArray &v, bool allowBreaks)
    {
        if (!m_whitespace)
            put(' ');
        bool spaces = false, breaks = false;
        for (qsizetype i = 0; i < v.size();) {
            if (isSpace(v, i)) {
                if (allowBreaks && !spaces && m_column > bestWidth && !isSpace(v, i + 1)) {
                    writeIndent();
                    ++i;
                } else {
                    write(v, i);
                }
                spaces = true;
            } else if (isBreak(v, i)) {
                if (!breaks && v[i] == '\n')
                    putBreak();
                writeBreak(v, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                write(v, i);
                m_indention = false;
                spaces = breaks = false;
            }
        }
        m_whitespace = false;
        m_indention = false;
    }

    void writeSingleQuotedScalar(const QByteArray &v, bool allowBreaks)
    {
        writeIndicator("'", true, false, false);
        bool spaces = false, breaks = false;
        for (qsizetype i = 0; i < v.size();) {
            if (isSpace(v, i)) {
                if (allowBreaks && !spaces && m_column > bestWidth && i > 0 && i < v.size() - 1 && !isSpace(v, i + 1)) {
                    writeIndent();
                    ++i;
                } else {
                    write(v, i);
                }
                spaces = true;
            } else if (isBreak(v, i)) {
                if (!breaks && v[i] == '\n')
                    putBreak();
                writeBreak(v, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                if (v[i] == '\'')
                    put('\'');
                write(v, i);
                m_indention = false;
                spaces = breaks = false;
            }
        }
        writeIndicator("'", false, false, false);
        m_whitespace = false;
        m_indention = false;
    }

    void writeEscape(char32_t cp)
    {
        put('\\');
        static constexpr std::pair<char32_t, char> named[] = {
            {0x00, '0'}, {0x07, 'a'}, {0x08, 'b'},  {0x09, 't'}, {0x0A, 'n'}, {0x0B, 'v'},   {0x0C, 'f'},  {0x0D, 'r'},
            {0x1B, 'e'}, {0x22, '"'}, {0x5C, '\\'}, {0x85, 'N'}, {0xA0, '_'}, {0x2028, 'L'}, {0x2029, 'P'}};
        for (const auto &[code, letter] : named) {
            if (code == cp) {
                put(letter);
                return;
            }
        }
        const int digits = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
        put(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
        for (int k = (digits - 1) * 4; k >= 0; k -= 4)
            put("0123456789ABCDEF"[(cp >> k) & 0xF]);
    }

    void writeDoubleQuotedScalar(const QByteArray &v, bool allowBreaks)
    {
        writeIndicator("\"", true, false, false);
        bool spaces = false;
        for (qsizetype i = 0; i < v.size();) {
            if (!isPrintable(v, i) || startsWithBom(v) || isBreak(v, i) || v[i] == '"' || v[i] == '\\') {
                const uchar c = uchar(v[i]);
                const int w = width(c);
                char32_t cp = w == 1 ? c : w == 2 ? (c & 0x1F) : w == 3 ? (c & 0x0F) : (c & 0x07);
                for (int k = 1; k < w; ++k)
                    cp = (cp << 6) | (at(v, i + k) & 0x3F);
                i += w;
                writeEscape(cp);
                spaces = false;
            } else if (isSpace(v, i)) {
                if (allowBreaks && !spaces && m_column > bestWidth && i > 0 && i < v.size() - 1) {
                    writeIndent();
                    if (isSpace(v, i + 1))
                        put('\\');
                    ++i;
                } else {
                    write(v, i);
                }
                spaces = true;
            } else {
                write(v, i);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        m_whitespace = false;
        m_indention = false;
    }

    void writeBlockScalarHints(const QByteArray &v)
    {
        if (isSpace(v, 0) || isBreak(v, 0))
            writeIndicator("2", false, false, false); // bestIndent
        qsizetype i = v.size() - 1;
        while (i > 0 && (uchar(v[i]) & 0xC0) == 0x80)
            --i;
        if (!isBreak(v, i)) {
            writeIndicator("-", false, false, false);
        } else if (i == 0) {
            writeIndicator("+", false, false, false);
        } else {
            --i;
            while (i > 0 && (uchar(v[i]) & 0xC0) == 0x80)
                --i;
            if (isBreak(v, i))
                writeIndicator("+", false, false, false);
        }
    }

    void writeLiteralScalar(const QByteArray &v)
    {
        writeIndicator("|", true, false, false);
        writeBlockScalarHints(v);
        putBreak();
        m_indention = true;
        m_whitespace = true;
        bool breaks = true;
        for (qsizetype i = 0; i < v.size();) {
            if (isBreak(v, i)) {
                writeBreak(v, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                write(v, i);
                m_indention = false;
                breaks = false;
            }
        }
    }

    QByteArray m_out;
    int m_column = 0;
    bool m_whitespace = true;
    bool m_indention = true;
    int m_indent = -1;
    QList<int> m_indents;
    bool m_mappingContext = false;
    bool m_simpleKeyContext = false;
};

} // namespace

QByteArray YamlWriter::write(const QJsonValue &value)
{
    return Emitter().document(value);
}

QByteArray YamlWriter::writeAll(const QList<QJsonObject> &objects)
{
    QByteArray out;
    for (const QJsonObject &o : objects) {
        if (!out.isEmpty())
            out += "---\n";
        out += write(o);
    }
    return out;
}

bool YamlWriter::keyLess(QStringView a, QStringView b)
{
    const QList<uint> ar = a.toUcs4(), br = b.toUcs4();
    const auto letter = [](uint c) { return QChar::isLetter(char32_t(c)); };
    const auto digit = [](uint c) { return QChar::isDigit(char32_t(c)); };
    for (qsizetype i = 0; i < ar.size() && i < br.size(); ++i) {
        if (ar[i] == br[i])
            continue;
        const bool al = letter(ar[i]), bl = letter(br[i]);
        if (al && bl)
            return ar[i] < br[i];
        if (al || bl)
            return bl;
        // Runs of digits compare as numbers. Go's int64 arithmetic wraps on overflow; so does quint64.
        quint64 an = 0, bn = 0;
        if (ar[i] == '0' || br[i] == '0') {
            for (qsizetype j = i - 1; j >= 0 && digit(ar[j]); --j) {
                if (ar[j] != '0') {
                    an = bn = 1;
                    break;
                }
            }
        }
        qsizetype ai = i, bi = i;
        for (; ai < ar.size() && digit(ar[ai]); ++ai)
            an = an * 10 + quint64(qint64(ar[ai]) - '0');
        for (; bi < br.size() && digit(br[bi]); ++bi)
            bn = bn * 10 + quint64(qint64(br[bi]) - '0');
        if (an != bn)
            return qint64(an) < qint64(bn);
        if (ai != bi)
            return ai < bi;
        return ar[i] < br[i];
    }
    return ar.size() < br.size();
}

QByteArray YamlWriter::formatFloat(double value, int bits)
{
    if (std::isnan(value))
        return ".nan";
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";
    // The shortest round-tripping digits, then laid out as Go's %g does for shortest precision: %e when
    // the decimal exponent is below -4 or at least 6 (not 21 as in JSON), %f otherwise. Worked example:
    // 1234567.5 -> digits "12345675", exponent 6 -> "1.2345675e+06"; 0.0001 -> "1", exponent -4 -> "0.0001".
    char buf[64];
    const std::to_chars_result r =
        bits == 32 ? std::to_chars(buf, buf + sizeof buf, float(value), std::chars_format::scientific)
                   : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view text(buf, size_t(r.ptr - buf));
    const bool negative = text.front() == '-';
    const size_t e = text.find('e');
    QByteArray digits;
    for (char c : text.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
        if (c != '.')
            digits += c;
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(), exponent);
    if (digits.count('0') == digits.size()) { // zero: Go has no digits and exponent 0
        digits.clear();
        exponent = -1;
    }
    const qsizetype nd = digits.size();
    const qsizetype dp = exponent + 1; // decimal point position, as in Go's decimal
    QByteArray out = negative ? "-" : "";
    if (nd > 0 && (exponent < -4 || exponent >= 6)) {
        out += digits[0];
        if (nd > 1)
            out += '.' + digits.mid(1);
        out += exponent < 0 ? "e-" : "e+";
        const int absolute = std::abs(exponent);
        if (absolute < 10)
            out += '0';
        out += QByteArray::number(absolute);
        return out;
    }
    if (dp > 0) {
        out += digits.left(dp);
        for (qsizetype m = std::min(nd, dp); m < dp; ++m)
            out += '0';
    } else {
        out += '0';
    }
    if (nd > dp) {
        out += '.';
        for (qsizetype i = 1; i <= nd - dp; ++i) {
            const qsizetype j = dp + i - 1;
            out += j >= 0 && j < nd ? digits[j] : '0';
        }
    }
    return out;
}

} // namespace tugboat::api

// YAML (and JSON) text -> JSON values, typed exactly as Kubernetes types an unstructured manifest.
//
// Kubernetes reads manifests with sigs.k8s.io/yaml: go-yaml v2 decodes the YAML into untyped Go values
// with YAML 1.1 rules (resolve.go), and the result is marshalled to JSON. kubectl apply and the API
// server both do this without a target type, so the typing below is what a user's file means to
// Kubernetes. yaml-cpp does the parsing (syntax, events, positions) but types nothing: it hands scalars
// over as text. The typing is therefore written here by hand, following go-yaml v2.4's resolve.go
// rule by rule, because no C++ library implements go-yaml's YAML 1.1 resolution.
//
// Plain (unquoted) scalars:
//  - null: empty, ~, null, Null, NULL.
//  - booleans: y Y yes Yes YES true True TRUE on On ON / n N no No NO false False FALSE off Off OFF.
//    Chosen deliberately: Kubernetes decodes unstructured objects without a target type, so these
//    become JSON booleans (`value: yes` in an env var makes the API server refuse the Pod, as it does
//    here); quote them ("yes") to keep a string. Other spellings (yES, oN) are strings.
//  - integers: decimal, 0x hex, 0o or leading-0 octal, 0b binary, optional sign, '_' separators ignored.
//    They stay exact in qint64; 2^63..2^64-1 become doubles (QJsonValue has no uint64).
//  - floats: 1.5, .5, 1e3, 1. (the regex in resolve.go), or a leading-zero decimal like 08. Out of range
//    ("1e999") stays a string, as in go-yaml. .inf and .nan are refused: JSON cannot hold them (Kubernetes
//    fails the same way, "json: unsupported value").
//  - timestamps (2001-12-14, 2001-12-14T21:59:43Z) stay strings, as go-yaml does for untyped values.
//  - anything else is a string. Quoted and block scalars are always strings.
// Explicit tags: !!str forces a string; !!int, !!float, !!bool, !!null must match the text ("cannot decode
// !!str `abc` as a !!int"); !!binary is base64-decoded; other tags are ignored.
// Mapping keys: a scalar key becomes its string (1 -> "1", yes -> "true", 0x10 -> "16", 1.5 -> "1.5"; a
// float key prints with float32 precision, as sigs.k8s.io/yaml does). Null, mapping and sequence keys are
// refused. Duplicate keys: the last wins (go-yaml v2 non-strict, which Kubernetes uses).
// Merge keys (<<): supported, with go-yaml v2's semantics, which differ from the YAML merge spec: keys
// apply in document order, so a merge overrides the explicit keys written before it (and those written
// after it override the merge); within a sequence of sources the earlier ones win. A quoted "<<" is an
// ordinary key.
// Anchors and aliases: expanded into copies (shared, so cheap), counted against maxAliasNodes.
// JSON: when the first character is '{' or '[' the text is tried with QJsonDocument first (several
// concatenated values are read as several documents, as kubectl does); text that is not strict JSON falls
// through to the YAML parser, so errors always carry a line and column.
//
// Errors read `source:line:column: message`, 1-based, columns counting characters (not bytes). Where
// yaml-cpp words an error differently from libyaml (which kubectl users see), the libyaml wording is
// used: "mapping values are not allowed in this context", "did not find expected key".
// yaml-cpp differs from libyaml in a few places; the reader corrects them so that a manifest means what
// it means to kubectl: a quoted scalar left open at the end of input, a block mapping key without ':' at
// the end of input, and a second root node that yaml-cpp would start a new document for (no "---") are
// refused; the trailing line breaks of folded scalars (">+", whitespace-only last line) are recounted.
//
// Hostile input is refused, never crashes, hangs or grows without bound: see YamlLimits. The depth
// limit is enforced as events arrive, so yaml-cpp's recursive descent stops at maxDepth levels; where
// yaml-cpp's own guard (2000 recursions, which an unclosed "[[[..." reaches at about 250 brackets) stops
// first, the error still names the bracket past the limit. Aliases are counted, never expanded, until the
// count is known to be within the limit. Input must be UTF-8 (a UTF-8 BOM is skipped, UTF-16 with a BOM
// is converted); control characters and invalid UTF-8 are refused with their position.
//
// Stateless; every function may be called from any thread.
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace tugboat::api {

// What the reader accepts. Exceeding any limit fails the whole read.
struct YamlLimits {
    // One document: the API server refuses request bodies over 3 MiB, so no object can be larger.
    qsizetype maxDocumentBytes = 3 * 1024 * 1024;
    // A whole stream (file) of documents: large operator bundles reach a few MiB; 32 MiB leaves room.
    qsizetype maxStreamBytes = 32 * 1024 * 1024;
    // Nesting of mappings and sequences, aliases included. The deepest real manifests (CRDs with
    // nested schemas) stay under ~60 levels; 256 keeps recursion small on any thread's stack.
    int maxDepth = 256;
    // Nodes that alias expansion may add, summed over the stream ("billion laughs"): about as many nodes
    // as a dense 3 MiB document holds, so aliases can at most double what plain text could describe.
    qint64 maxAliasNodes = 1'000'000;
    // Documents in one stream, empty ones included. Real bundles hold hundreds.
    int maxDocuments = 10'000;
};

// A place in the source text, 1-based; line 0 means unknown.
struct YamlPosition {
    int line = 0;
    int column = 0;

    bool isValid() const { return line > 0; }
    friend bool operator==(const YamlPosition &, const YamlPosition &) = default;
};

// "deploy.yaml:12:5", or just the source name when the position is unknown.
QString formatLocation(const QString &sourceName, YamlPosition position);

// One document of a stream.
struct YamlDocument {
    QJsonValue value;      // Null for an empty document
    int index = 0;         // 0-based place in the stream, empty documents counted
    YamlPosition position; // where the root node starts

    // Where the nodes of the first two levels start, by field path: "kind", "metadata.name",
    // "items[2]". Recorded for YAML input only (JSON documents carry `position` alone).
    QHash<QString, YamlPosition> fieldPositions;

    // The recorded position of fieldPath or, failing that, of its nearest recorded ancestor.
    YamlPosition positionOf(const QString &fieldPath) const;
};

class YamlReader {
public:
    // Every document of the stream, empty ones included. Errors are ErrorCode::BadRequest, or
    // RequestTooLarge for the byte limits; the message starts with `sourceName:line:column: `.
    static Result<QList<YamlDocument>> readAll(const QByteArray &text, const QString &sourceName,
                                               const YamlLimits &limits = {});

    // The one non-empty document of the stream, or Null when there is none; a second one is an error.
    static Result<QJsonValue> read(const QByteArray &text, const QString &sourceName = QStringLiteral("<input>"),
                                   const YamlLimits &limits = {});

    // How go-yaml v2 types a plain (unquoted) scalar. The writer quotes every string that is not String.
    enum class ScalarType { Null, Bool, Int, Float, Timestamp, String };
    static ScalarType plainScalarType(QByteArrayView utf8);
};

} // namespace tugboat::api

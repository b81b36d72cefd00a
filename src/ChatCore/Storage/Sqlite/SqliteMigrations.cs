using Dapper;
using Microsoft.Data.Sqlite;

namespace Messenger.ChatCore.Storage.Sqlite;

/// <summary>
/// Ordered schema migrations. A migration is never edited once released; a change is a new entry. Times are stored
/// as Unix milliseconds so that ordering and comparison need no parsing.
/// </summary>
internal static class SqliteMigrations
{
    private static readonly (int Version, string Sql)[] All =
    [
        (1, """
            CREATE TABLE users (
                id              TEXT PRIMARY KEY,
                username        TEXT NOT NULL UNIQUE,
                display_name    TEXT NOT NULL,
                display_name_lc TEXT NOT NULL,
                about           TEXT NOT NULL DEFAULT '',
                password_hash   TEXT NOT NULL,
                created_at      INTEGER NOT NULL
            );
            CREATE INDEX ix_users_display_name_lc ON users (display_name_lc);

            CREATE TABLE device_sessions (
                id          TEXT PRIMARY KEY,
                user_id     TEXT NOT NULL REFERENCES users (id),
                device_name TEXT NOT NULL,
                created_at  INTEGER NOT NULL,
                revoked_at  INTEGER NULL
            );
            CREATE INDEX ix_device_sessions_user ON device_sessions (user_id);

            CREATE TABLE refresh_tokens (
                token_hash  TEXT PRIMARY KEY,
                session_id  TEXT NOT NULL REFERENCES device_sessions (id),
                expires_at  INTEGER NOT NULL,
                used_at     INTEGER NULL
            );
            CREATE INDEX ix_refresh_tokens_session ON refresh_tokens (session_id);

            CREATE TABLE relations (
                owner_id   TEXT NOT NULL REFERENCES users (id),
                other_id   TEXT NOT NULL REFERENCES users (id),
                kind       INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (owner_id, kind, other_id)
            );
            """),
        (2, """
            -- Chat (issue #5). A conversation's messages are numbered by its own seq; per-user state (role, receipt
            -- cursors, when they joined) lives in the membership row, so a post never writes one row per member.
            CREATE TABLE conversations (
                id           TEXT PRIMARY KEY,
                kind         INTEGER NOT NULL,
                title        TEXT NOT NULL DEFAULT '',
                avatar       TEXT NULL,
                direct_key   TEXT NULL UNIQUE,
                created_by   TEXT NOT NULL REFERENCES users (id),
                created_at   INTEGER NOT NULL,
                last_seq     INTEGER NOT NULL DEFAULT 0,
                member_count INTEGER NOT NULL DEFAULT 0,
                pinned_seq   INTEGER NULL
            );

            CREATE TABLE members (
                conversation_id TEXT NOT NULL REFERENCES conversations (id),
                user_id         TEXT NOT NULL REFERENCES users (id),
                role            INTEGER NOT NULL,
                joined_at       INTEGER NOT NULL,
                visible_from    INTEGER NOT NULL,
                delivered_seq   INTEGER NOT NULL DEFAULT 0,
                read_seq        INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (conversation_id, user_id)
            );
            CREATE INDEX ix_members_user ON members (user_id);

            -- Former memberships: the stretch of a conversation's log a removed member may still sync, so a device
            -- that was offline while its user was removed still gets what happened before the removal.
            CREATE TABLE past_members (
                conversation_id TEXT NOT NULL,
                user_id         TEXT NOT NULL,
                visible_from    INTEGER NOT NULL,
                visible_until   INTEGER NOT NULL
            );
            CREATE INDEX ix_past_members_user ON past_members (user_id, visible_until);

            CREATE TABLE messages (
                id                INTEGER PRIMARY KEY,
                conversation_id   TEXT NOT NULL REFERENCES conversations (id),
                seq               INTEGER NOT NULL,
                kind              INTEGER NOT NULL,
                sender_id         TEXT NULL REFERENCES users (id),
                client_message_id TEXT NULL,
                text              TEXT NOT NULL,
                reply_to_seq      INTEGER NULL,
                forwarded_json    TEXT NULL,
                system_json       TEXT NULL,
                sent_at           INTEGER NOT NULL,
                edited_at         INTEGER NULL,
                deleted_at        INTEGER NULL,
                UNIQUE (conversation_id, seq)
            );
            CREATE UNIQUE INDEX ux_messages_client_id ON messages (conversation_id, sender_id, client_message_id)
                WHERE client_message_id IS NOT NULL;

            CREATE TABLE message_edits (
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                text            TEXT NOT NULL,
                replaced_at     INTEGER NOT NULL
            );
            CREATE INDEX ix_message_edits ON message_edits (conversation_id, seq);

            CREATE TABLE hidden_messages (
                user_id         TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                PRIMARY KEY (user_id, conversation_id, seq)
            );

            CREATE TABLE reactions (
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                user_id         TEXT NOT NULL,
                emoji           TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                PRIMARY KEY (conversation_id, seq, user_id, emoji)
            );

            -- Full-text index; its rowid is the message's id.
            CREATE VIRTUAL TABLE message_search USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');

            -- One log for every change. A row addressed to a user (user_id set) is personal; a row with only a
            -- conversation_id is read by every member through their membership, which is how a channel post reaches
            -- any number of subscribers with one row. AUTOINCREMENT keeps ids rising even after deletes, and SQLite's
            -- single writer hands them out in commit order, so "id > cursor" never skips a late commit.
            CREATE TABLE updates (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id         TEXT NULL,
                conversation_id TEXT NULL,
                kind            TEXT NOT NULL,
                data            TEXT NOT NULL,
                created_at      INTEGER NOT NULL
            );
            CREATE INDEX ix_updates_user ON updates (user_id, id) WHERE user_id IS NOT NULL;
            CREATE INDEX ix_updates_conversation ON updates (conversation_id, id) WHERE user_id IS NULL;

            CREATE TABLE presence (
                user_id    TEXT PRIMARY KEY REFERENCES users (id),
                last_seen  INTEGER NULL,
                visibility INTEGER NOT NULL DEFAULT 1
            );
            """),
        (3, """
            -- Attachments (issue #5): metadata here, bytes in the content-addressed blob folder. message_attachments
            -- says which conversations may read an attachment; the message keeps a JSON copy to return with it.
            CREATE TABLE attachments (
                id           TEXT PRIMARY KEY,
                owner_id     TEXT NOT NULL REFERENCES users (id),
                sha256       TEXT NOT NULL,
                size         INTEGER NOT NULL,
                content_type TEXT NOT NULL,
                kind         INTEGER NOT NULL,
                file_name    TEXT NOT NULL,
                duration_ms  INTEGER NULL,
                waveform     BLOB NULL,
                created_at   INTEGER NOT NULL
            );

            CREATE TABLE message_attachments (
                attachment_id   TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                PRIMARY KEY (attachment_id, conversation_id, seq)
            );

            ALTER TABLE messages ADD COLUMN attachments_json TEXT NULL;
            """),
        (4, """
            -- Call links (issue #6): a shareable way into a group's call. Only the token's hash is kept, as for
            -- refresh tokens, so a copy of the database gives no way in.
            CREATE TABLE call_links (
                id              TEXT PRIMARY KEY,
                token_hash      TEXT NOT NULL UNIQUE,
                conversation_id TEXT NOT NULL,
                created_by      TEXT NOT NULL REFERENCES users (id),
                created_at      INTEGER NOT NULL,
                expires_at      INTEGER NOT NULL,
                revoked_at      INTEGER NULL
            );
            CREATE INDEX ix_call_links_conversation ON call_links (conversation_id);
            """),
        (5, """
            -- Verified identity (issue #7): provider accounts linked to users, with what the provider vouched for.
            -- One link per provider per user; a provider subject belongs to one user. No provider tokens are kept.
            CREATE TABLE external_identities (
                provider          TEXT NOT NULL,
                subject           TEXT NOT NULL,
                user_id           TEXT NOT NULL REFERENCES users (id),
                full_name         TEXT NULL,
                birth_date        TEXT NULL,
                documents_checked INTEGER NOT NULL,
                linked_at         INTEGER NOT NULL,
                verified_at       INTEGER NOT NULL,
                PRIMARY KEY (provider, subject)
            );
            CREATE UNIQUE INDEX ix_external_identities_user ON external_identities (user_id, provider);
            """),
        (6, """
            -- Documents and e-signatures (issue #7). The message keeps the document's JSON (title, version, file,
            -- signature summaries) so history and sync return it as they are; these tables find a document by id, hold
            -- each CMS signature (RFC 5652) as uploaded, and the keys users chose to keep on the server, encrypted.
            ALTER TABLE messages ADD COLUMN document_json TEXT NULL;

            CREATE TABLE documents (
                id              TEXT PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                version         INTEGER NOT NULL,
                supersedes_id   TEXT NULL UNIQUE REFERENCES documents (id),
                created_at      INTEGER NOT NULL,
                UNIQUE (conversation_id, seq)
            );

            CREATE TABLE document_signatures (
                id             TEXT PRIMARY KEY,
                document_id    TEXT NOT NULL REFERENCES documents (id),
                signer_user_id TEXT NOT NULL REFERENCES users (id),
                cms            BLOB NOT NULL,
                cms_sha256     TEXT NOT NULL,
                added_at       INTEGER NOT NULL,
                UNIQUE (document_id, cms_sha256)
            );

            CREATE TABLE signing_keys (
                id            TEXT PRIMARY KEY,
                user_id       TEXT NOT NULL REFERENCES users (id),
                algorithm     TEXT NOT NULL,
                subject       TEXT NOT NULL,
                certificate   BLOB NOT NULL,
                sealed_key    BLOB NOT NULL,
                created_at    INTEGER NOT NULL
            );
            CREATE INDEX ix_signing_keys_user ON signing_keys (user_id);
            """),
        (7, """
            -- Bots (issue #7, Telegram's Bot API shape). A bot is a row in users (is_bot = 1, no usable password) so it
            -- can be a member and its messages are ordinary messages; bots holds its owner and its token's SHA-256
            -- only. bot_updates is each bot's durable queue, numbered per bot by bots.next_update_id; the rows a bot
            -- has confirmed (getUpdates offset, or a webhook 2xx) are deleted.
            ALTER TABLE users ADD COLUMN is_bot INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE messages ADD COLUMN reply_markup_json TEXT NULL;

            CREATE TABLE bots (
                user_id          TEXT PRIMARY KEY REFERENCES users (id),
                owner_id         TEXT NOT NULL REFERENCES users (id),
                token_hash       TEXT NOT NULL,
                created_at       INTEGER NOT NULL,
                next_update_id   INTEGER NOT NULL DEFAULT 0,
                webhook_url      TEXT NULL,
                webhook_secret   TEXT NULL,
                webhook_error    TEXT NULL
            );
            CREATE INDEX ix_bots_owner ON bots (owner_id);

            CREATE TABLE bot_updates (
                bot_id          TEXT NOT NULL,
                update_id       INTEGER NOT NULL,
                kind            TEXT NOT NULL,
                payload         TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (bot_id, update_id)
            );

            -- How far the chat log (updates) has been turned into bot updates. It starts at the log's end: bots
            -- created later never see history from before they existed.
            CREATE TABLE bot_feed_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), cursor INTEGER NOT NULL);
            INSERT INTO bot_feed_cursor (id, cursor) VALUES (1, COALESCE((SELECT MAX(id) FROM updates), 0));

            CREATE TABLE bot_callbacks (
                id              TEXT PRIMARY KEY,
                bot_id          TEXT NOT NULL,
                user_id         TEXT NOT NULL,
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                data            TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                answered_at     INTEGER NULL
            );

            -- sendDocument with request_signature: the message (by its identity) whose signatures the bot wants.
            CREATE TABLE bot_signature_requests (
                conversation_id TEXT NOT NULL,
                seq             INTEGER NOT NULL,
                bot_id          TEXT NOT NULL,
                created_at      INTEGER NOT NULL,
                PRIMARY KEY (conversation_id, seq)
            );
            """),
        (8, """
            -- Signing requests are documents now (issue #7): the document's requested_by names the bot, and the bot
            -- feed reads new signatures from the chat log, so the interim flag table of migration 7 has no reader.
            DROP TABLE bot_signature_requests;
            """),
    ];

    public static async Task ApplyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);",
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations;", cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet();

        foreach (var (version, sql) in All)
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now);",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}

package parse

import (
	"strings"

	"github.com/kalamdb/kalamdb/exec/ast"
	"github.com/kalamdb/kalamdb/types/pgerr"
)

// User management, in KalamDB's and PostgreSQL's spellings alike (both
// start with the same keywords, so one parser serves them):
//
//	CREATE USER|ROLE name [WITH] option …
//	  option: [ENCRYPTED] PASSWORD 'p' | PASSWORD NULL | ROLE r | EMAIL 'e' | METADATA 'json' | LOGIN
//	ALTER USER|ROLE name SET PASSWORD 'p' | SET ROLE r | SET EMAIL 'e' | SET METADATA 'json'
//	ALTER USER|ROLE name [WITH] [ENCRYPTED] PASSWORD 'p' | PASSWORD NULL
//	DROP USER|ROLE [IF EXISTS] name [, …]
//
// A name is an identifier or a string literal ('alice').

func (k *kalamParser) createUser() ast.Statement {
	st := &ast.CreateUser{Name: k.userName()}
	k.optional("with")
	for k.err == nil && k.tok.kind != tokEOF {
		switch k.word() {
		case "login":
			k.advance()
		case "encrypted", "password":
			st.Password = k.password()
		case "role":
			k.advance()
			st.Role = k.userName()
		case "email":
			k.advance()
			st.Email = k.stringLit()
		case "metadata":
			k.advance()
			st.Metadata = k.stringLit()
		case "owner_id":
			k.err = pgerr.New(pgerr.FeatureNotSupported, "OWNER_ID is no longer supported in CREATE USER").
				WithDetail("A user's id is its name.").
				WithHint("Use CREATE USER 'name' WITH PASSWORD '…' ROLE user|service|dba|system [EMAIL '…'].")
		case "oauth", "internal":
			k.err = pgerr.New(pgerr.FeatureNotSupported, "%s authentication is not supported", strings.ToUpper(k.word())).
				WithHint("Use WITH PASSWORD '…': logins use SCRAM-SHA-256.")
		default:
			k.syntaxError()
		}
	}
	return st
}

func (k *kalamParser) alterUser() ast.Statement {
	st := &ast.AlterUser{Name: k.userName()}
	if k.word() == "set" {
		k.advance()
		switch k.word() {
		case "password":
			st.Password = k.password()
		case "role":
			k.advance()
			role := k.userName()
			st.Role = &role
		case "email":
			k.advance()
			email := k.stringLit()
			st.Email = &email
		case "metadata":
			k.advance()
			md := k.stringLit()
			st.Metadata = &md
		default:
			k.syntaxError()
		}
		return st
	}
	k.optional("with")
	for k.err == nil && k.tok.kind != tokEOF {
		switch k.word() {
		case "login":
			k.advance()
		case "encrypted", "password":
			pw := k.password()
			if pw == nil {
				pw = new(string) // PASSWORD NULL removes the password
			}
			st.Password = pw
		default:
			k.syntaxError()
		}
	}
	if st.Password == nil {
		k.syntaxError()
	}
	return st
}

func (k *kalamParser) dropUser() ast.Statement {
	st := &ast.DropUser{IfExists: k.optional("if", "exists")}
	st.Names = append(st.Names, k.userName())
	for k.err == nil && k.tok.kind == tokOther && k.tok.val == "," {
		k.advance()
		st.Names = append(st.Names, k.userName())
	}
	return st
}

// password parses [ENCRYPTED] PASSWORD 'p' | PASSWORD NULL; nil for NULL.
func (k *kalamParser) password() *string {
	k.optional("encrypted")
	if k.word() != "password" {
		k.syntaxError()
		return nil
	}
	k.advance()
	if k.word() == "null" {
		k.advance()
		return nil
	}
	pw := k.stringLit()
	return &pw
}

// userName consumes an identifier or a string literal.
func (k *kalamParser) userName() string {
	if k.isStringLit() {
		return k.stringLit()
	}
	return k.ident()
}

func (k *kalamParser) isStringLit() bool {
	return k.err == nil && k.tok.kind == tokOther && strings.HasPrefix(k.tok.raw, "'")
}

// stringLit consumes a standard-conforming string literal (” escapes ').
func (k *kalamParser) stringLit() string {
	if !k.isStringLit() {
		k.syntaxError()
		return ""
	}
	raw := k.tok.raw
	if len(raw) < 2 || raw[len(raw)-1] != '\'' {
		k.err = syntaxError(k.sql, k.tok.pos, `unterminated quoted string at or near "%s"`, raw)
		return ""
	}
	k.advance()
	return strings.ReplaceAll(raw[1:len(raw)-1], "''", "'")
}

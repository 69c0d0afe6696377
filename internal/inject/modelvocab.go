package inject

// The model's semantic roles. Raw words carry the topic of the texts a
// model was trained on (an e-mail corpus teaches "invoice" and "meeting"),
// which does not carry over to a source it has not seen; the role a word
// plays in an instruction to the reader does. Each word below is read as
// its role as well as itself, so "set aside your guidelines" and "ignore
// your instructions" share the features disregard+instruction-noun. The
// lists are the model's own (the phrase classes of the rules are matched
// elsewhere and may change without retraining the model); a word may have
// more than one role. Words are normalised like text (accents stripped,
// case folded); a Chinese or Japanese word of two characters is read as
// the pair of its character tokens.

// Roles: a token's role set has bit 1<<role for each.
const (
	roleAddr       = iota // second person or a name for an AI (the tokenizer's address mark)
	roleDisregard         // ignore, forget, set aside
	roleInstrNoun         // instructions, rules, guidelines
	roleScope             // previous, above, all
	roleCapability        // send, forward, run, reveal, tell
	roleSecrecy           // secretly, without telling, do not mention
	roleAuthority         // system, developer, admin, important, urgent
	rolePersona           // pretend, role-play, unrestricted
	roleModal             // must, please, have to
	roleSensitive         // password, conversation, credentials
	roleNegation          // not, never
	roleNewTask           // instead, new, from now on
	numRoles       = iota
)

// roleMarkup marks, in the role lexicon, the chat-template punctuation
// tokens (< > | [ ] # { } /): markup is the format of a source (HTML
// e-mail, a web page), not an instruction, and the model reads no word
// feature of them.
const roleMarkup = 1 << 15

var roleNames = [numRoles]string{"address", "disregard", "instruction-noun", "scope", "capability",
	"secrecy", "authority", "persona", "modal", "sensitive", "negation", "new-task"}

var roleWords = map[int][]string{
	roleDisregard: {
		"ignore", "ignoring", "ignored", "disregard", "disregarding", "forget", "forgetting", "overlook", "skip", "drop",
		"abandon", "discard", "bypass", "override", "overrule", "supersede", "supersedes", "cancel", "erase", "dismiss",
		"aside", "neglect", "circumvent", "void", "scrap", "stop",
		"ignora", "ignorar", "ignores", "olvida", "olvidar", "olvides", "descarta", "descartar", "omite", "omitir", "anula", "deja",
		"ignorez", "ignorer", "oublie", "oubliez", "oublier", "contourne", "ecarte", "ecartez", "laisse",
		"ignoriere", "ignorieren", "ignoriert", "vergiss", "vergessen", "vergesst", "missachte", "missachten", "uberspringe", "verwirf",
		"esqueca", "esquecer", "desconsidere", "desconsiderar", "descarte", "despreze",
		"忽略", "忽视", "无视", "忘记", "忘掉", "不顾", "無視", "忘れ",
		"अनदेखा", "भूल", "भूलो", "भूलें", "नजरअंदाज", "नज़रअंदाज़", "छोड़ो", "छोड़ें",
	},
	roleInstrNoun: {
		"instruction", "instructions", "directions", "guidelines", "guideline", "directives", "directive", "rules", "rule",
		"orders", "prompt", "prompts", "commands", "command", "guidance", "policies", "policy", "constraints", "restrictions",
		"programming", "task", "tasks", "request", "requests", "context", "setup",
		"instrucciones", "instruccion", "reglas", "indicaciones", "ordenes", "directrices", "tarea", "solicitud",
		"consignes", "consigne", "regles", "directives", "tache", "demande",
		"anweisungen", "anweisung", "regeln", "befehle", "vorgaben", "richtlinien", "aufgabe", "anfrage",
		"instrucoes", "instrucao", "regras", "diretrizes", "ordens", "tarefa", "pedido",
		"指令", "指示", "规则", "提示", "任务", "命令", "規則",
		"निर्देश", "निर्देशों", "नियम", "नियमों", "आदेश", "कार्य",
	},
	roleScope: {
		"previous", "prior", "above", "earlier", "preceding", "all", "any", "other", "everything", "whatever", "original",
		"initial", "former", "existing", "foregoing",
		"anteriores", "anterior", "todas", "todo", "todos", "previas", "previo",
		"precedentes", "precedente", "toutes", "tout", "tous", "anterieures", "anciennes",
		"vorherigen", "vorherige", "alle", "bisherigen", "obigen", "vorigen", "fruheren",
		"tudo", "previas", "antigas",
		"之前", "以上", "所有", "先前", "以前", "全て", "上記", "前の",
		"पिछले", "पिछली", "सभी", "पहले", "सारे",
	},
	roleCapability: {
		"send", "forward", "email", "mail", "upload", "transfer", "delete", "remove", "execute", "run", "call", "invoke",
		"post", "share", "export", "download", "fetch", "visit", "open", "click", "navigate", "write", "print", "output",
		"reveal", "disclose", "leak", "tell", "say", "respond", "reply", "answer", "repeat", "include", "append",
		"insert", "copy", "paste", "buy", "pay", "recommend", "display", "show", "return", "type", "use", "read",
		"envia", "enviar", "envie", "reenvia", "reenviar", "borra", "elimina", "eliminar", "ejecuta", "ejecutar", "llama",
		"escribe", "imprime", "revela", "revelar", "di", "responde", "comparte", "manda", "sube", "transfiere", "muestra",
		"envoie", "envoyez", "envoyer", "transfere", "transferez", "supprime", "supprimez", "execute", "executez", "appelle",
		"ecris", "ecrivez", "revele", "revelez", "dis", "dites", "reponds", "repondez", "partage", "partagez", "affiche",
		"sende", "senden", "schicke", "schick", "leite", "weiterleiten", "losche", "loschen", "fuhre", "ausfuhren", "rufe",
		"schreibe", "schreib", "gib", "verrate", "antworte", "teile", "zeige", "zeig",
		"envie", "encaminhe", "apague", "exclua", "chame", "escreva", "revele", "diga", "compartilhe", "mostre", "transfira",
		"发送", "转发", "删除", "执行", "调用", "运行", "上传", "输出", "打印", "泄露", "透露", "回复", "回答", "告诉", "显示",
		"送信", "転送", "送っ", "削除", "実行", "出力", "返信", "教え", "表示", "送る",
		"भेजें", "भेजो", "भेजना", "भेज", "फॉरवर्ड", "हटाएं", "हटाओ", "चलाएं", "चलाओ", "बताएं", "बताओ", "लिखें", "लिखो", "दिखाएं",
	},
	roleSecrecy: {
		"secret", "secretly", "quietly", "silently", "confidential", "hidden", "hide", "conceal", "without", "mention",
		"inform", "notify", "aware", "discreetly", "unnoticed", "covertly",
		"secreto", "secretamente", "silencio", "menciones", "avises", "ocultes", "oculta", "sin", "informes",
		"secretement", "silencieusement", "mentionne", "mentionnez", "sans", "cache", "cachez", "discretement",
		"geheim", "heimlich", "erwahne", "erwahnen", "verschweige", "ohne", "unauffallig",
		"segredo", "silenciosamente", "mencione", "sem", "esconda", "oculte", "avise",
		"秘密", "悄悄", "隐瞒", "保密", "偷偷", "内緒", "黙っ",
		"गुप्त", "चुपचाप", "बिना", "छिपाएं", "छुपाओ",
	},
	roleAuthority: {
		"system", "sys", "admin", "administrator", "developer", "developers", "root", "sudo", "operator", "official",
		"important", "urgent", "attention", "note", "notice", "priority", "critical", "mandatory", "required", "warning",
		"immediately", "authorized", "authorised", "override", "maintenance", "security", "compliance",
		"sistema", "desarrollador", "administrador", "importante", "urgente", "inmediatamente", "atencion", "nota",
		"systeme", "developpeur", "administrateur", "important", "immediatement", "avis", "obligatoire",
		"entwickler", "wichtig", "dringend", "sofort", "achtung", "hinweis", "systemnachricht",
		"desenvolvedor", "imediatamente", "atencao", "aviso", "obrigatorio",
		"系统", "开发", "管理", "重要", "紧急", "立即", "立刻", "注意", "開発", "緊急", "直ち",
		"सिस्टम", "डेवलपर", "व्यवस्थापक", "महत्वपूर्ण", "तुरंत", "ध्यान", "जरूरी",
	},
	rolePersona: {
		"pretend", "roleplay", "role", "act", "acting", "persona", "character", "imagine", "hypothetical", "hypothetically",
		"jailbreak", "jailbroken", "unrestricted", "unfiltered", "uncensored", "unlimited", "limitations", "filters",
		"ethical", "ethics", "moral", "morals", "dan", "evil", "simulate", "emulate", "fictional", "mode", "anything",
		"finge", "fingir", "actua", "imagina", "personaje", "restricciones", "limites", "papel", "modo",
		"semblant", "pretends", "incarne", "personnage", "limites", "role", "mode",
		"spiele", "rolle", "einschrankungen", "uneingeschrankt", "stell", "modus", "tu",
		"finja", "aja", "personagem", "restricoes", "limites",
		"假装", "扮演", "角色", "限制", "想象", "模式", "演じ", "役割", "制限", "想像", "ふり",
		"दिखावा", "भूमिका", "कल्पना", "प्रतिबंध", "किरदार",
	},
	roleModal: {
		"must", "should", "need", "needs", "have", "has", "please", "shall", "will", "now", "only", "always", "never",
		"debes", "tienes", "favor", "deberas", "ahora", "solo", "siempre",
		"dois", "devez", "veuillez", "faut", "maintenant", "seulement", "toujours",
		"musst", "mussen", "sollst", "sollen", "bitte", "jetzt", "nur", "immer",
		"deve", "precisa", "agora", "apenas", "sempre",
		"必须", "需要", "现在", "只能", "必ず", "今す", "だけ",
		"कृपया", "चाहिए", "करें", "करो", "अब", "केवल", "हमेशा",
	},
	roleSensitive: {
		"password", "passwords", "passcode", "credentials", "credential", "api", "key", "keys", "token", "tokens",
		"conversation", "history", "chat", "data", "files", "contacts", "emails", "inbox", "account", "bank", "card",
		"wallet", "ssn", "private", "personal", "address", "phone", "attacker", "url", "link",
		"contrasena", "clave", "datos", "conversacion", "historial", "correos", "cuenta",
		"passe", "donnees", "historique", "compte", "identifiants",
		"passwort", "kennwort", "daten", "gesprach", "verlauf", "konto", "zugangsdaten",
		"senha", "dados", "conversa", "historico", "conta",
		"密码", "数据", "对话", "聊天", "记录", "账户", "会話", "履歴", "口座",
		"पासवर्ड", "डेटा", "बातचीत", "इतिहास", "खाता",
	},
	roleNegation: {
		"not", "dont", "never", "no", "nor", "cannot",
		"nunca", "jamas", "ne", "pas", "jamais", "nicht", "nie", "kein", "keine", "nao",
		"不", "别", "勿", "不要", "ない", "मत", "नहीं", "न",
	},
	roleNewTask: {
		"instead", "new", "actually", "rather", "henceforth", "onwards", "onward", "forth", "until", "further",
		"lugar", "nueva", "nuevo", "nuevas", "cambio", "plutot", "nouvelle", "nouvelles", "nouveau", "desormais",
		"stattdessen", "neue", "neuen", "ab", "sofort", "vez", "nova", "novo", "novas", "diante",
		"改为", "新的", "新し", "今後",
		"बजाय", "नया", "नई", "नए", "इसके",
	},
}

// roleLexicon maps a token hash, or the pair hash of two CJK character
// tokens, to its roles.
// A word of another length is never matched (a test says none is
// listed).
var roleLexicon = func() *lexicon {
	n := 0
	for _, words := range roleWords {
		n += len(words)
	}
	l := newLexicon(n + 16)
	var ph phraseHasher
	for _, c := range "<>|[]#{}/" {
		l.or(ph.hashes(string(c))[0], roleMarkup)
	}
	for role, words := range roleWords {
		for _, w := range words {
			switch hs := ph.hashes(w); len(hs) {
			case 1:
				l.or(hs[0], 1<<role)
			case 2:
				l.or(pairHash(hs[0], hs[1]), 1<<role)
			}
		}
	}
	return l
}()

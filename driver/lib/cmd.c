// SPDX-License-Identifier: MIT
/* The vnrctl command language (docs/vnrctl.md): one line, or a batch file. */
#include <ctype.h>
#include <errno.h>
#include <string.h>
#include "drv_internal.h"

#define MAX_LINE 4096
#define MAX_ARGS 64

typedef int (*cmd_fn)(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len);

static int split_line(char *buf, char **argv, char *err, size_t len)
{
	int argc = 0;
	char *p = strchr(buf, '#');

	if (p)
		*p = 0;
	for (p = buf; *p;) {
		while (isspace((unsigned char)*p))
			*p++ = 0;
		if (!*p)
			break;
		if (argc == MAX_ARGS)
			return vnr_errf(err, len, "more than %d words on one line", MAX_ARGS);
		argv[argc++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
	}
	return argc;
}

static int no_args(int argc, char **argv, char *err, size_t len)
{
	if (argc > 1)
		return vnr_errf(err, len, "%s: unexpected '%s'", argv[0], argv[1]);
	return 0;
}

static void print_chain(struct vnr_dev *d, FILE *out)
{
	unsigned i;

	vnr_outf(out, "feature chain:\n");
	for (i = 0; i < d->nblocks; i++)
		vnr_outf(out, "  0x%05x  type %u (%s)  version %u\n", d->blocks[i].offset,
			 d->blocks[i].type, vnr_block_name(d->blocks[i].type), d->blocks[i].version);
}

static int cmd_ident(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	const struct vnr_ident *id = &d->id;

	if (no_args(argc, argv, err, len))
		return -1;
	vnr_outf(out, "veneer engine on bus %s: magic 0x%08x hw_version %u.%u\n", d->bus->name,
		 VNR_ID_MAGIC, id->hw_version >> 16, id->hw_version & 0xffff);
	vnr_outf(out, "data_w %u num_vf %u rules %u profiles %u collators %u buckets %u reasons %u\n",
		 id->data_w, id->num_vf, id->rules, id->profiles, id->collators, id->buckets,
		 id->reasons);
	vnr_outf(out, "hdr_egress %u hdr_ingress %u fifo_beats %u fifo_beats_egress %u bst_levels %u\n",
		 id->hdr_egress, id->hdr_ingress, id->fifo_beats, id->fifo_beats_egress,
		 id->bst_levels);
	print_chain(d, out);
	return 0;
}

static int cmd_debug(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t addr = VNR_ADDR(d, CTRL, CTRL), v;
	int on;

	if (argc > 2)
		return vnr_errf(err, len, "debug: unexpected '%s'", argv[2]);
	if (argc == 2 && strcmp(argv[1], "on") && strcmp(argv[1], "off"))
		return vnr_errf(err, len, "debug: '%s' is not on or off", argv[1]);
	if (vnr_dev_read(d, addr, &v, err, len))
		return -1;
	if (argc == 1) {
		vnr_outf(out, "debug %s\n", (v & VNR_CTRL_CTRL_DEBUG_MASK) ? "on" : "off");
		return 0;
	}
	on = !strcmp(argv[1], "on");
	v = (v & ~VNR_CTRL_CTRL_DEBUG_MASK) | VNR_FIELD_PUT(VNR_CTRL_CTRL_DEBUG, on);
	return vnr_dev_write(d, addr, v, err, len);
}

static int reg_addr_arg(const char *s, uint32_t *addr, char *err, size_t len)
{
	uint64_t a;

	if (vnr_parse_u64(s, &a))
		return vnr_errf(err, len, "reg: address '%s' is not a number (decimal or 0x hex)", s);
	if (a > (1u << VNR_ADDR_W) - 4)
		return vnr_errf(err, len, "reg: address=%s above the limit 0x%05x", s,
				(1u << VNR_ADDR_W) - 4);
	if (a & 3)
		return vnr_errf(err, len, "reg: address=%s is not a multiple of 4", s);
	*addr = (uint32_t)a;
	return 0;
}

static int reg_read(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t addr, v;

	if (argc != 3)
		return vnr_errf(err, len, "reg read: usage: reg read ADDR");
	if (reg_addr_arg(argv[2], &addr, err, len) || vnr_dev_read(d, addr, &v, err, len))
		return -1;
	vnr_outf(out, "0x%05x: 0x%08x\n", addr, v);
	return 0;
}

static int reg_write(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t addr, v;

	if (argc != 4)
		return vnr_errf(err, len, "reg write: usage: reg write ADDR VALUE");
	if (reg_addr_arg(argv[2], &addr, err, len) ||
	    vnr_parse_u32_max("reg write: value", argv[3], 0xffffffffu, &v, err, len))
		return -1;
	/* the rule code no longer knows what the egress shadows and banks hold */
	vnr_eg_forget_shadows(d);
	vnr_ig_forget(d);
	if (vnr_dev_write(d, addr, v, err, len)) {
		vnr_outf(out, "ERR: %s\n", err);
		return -1;
	}
	return 0;
}

static int cmd_reg(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	if (argc >= 2 && !strcmp(argv[1], "read"))
		return reg_read(d, argc, argv, out, err, len);
	if (argc >= 2 && !strcmp(argv[1], "write"))
		return reg_write(d, argc, argv, out, err, len);
	return vnr_errf(err, len, "reg: usage: reg read ADDR | reg write ADDR VALUE");
}

static int cmd_help(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	(void)d;
	(void)argc;
	(void)argv;
	(void)err;
	(void)len;
	vnr_outf(out,
		 "ident\n"
		 "profile N preset gre16|vxlan|native\n"
		 "profile N set key=value ...   (proto opaque fmt_off fmt_val fmt_mask flow_off\n"
		 "                               flow_len inner_eth len_off len_en csum_off csum_en enable)\n"
		 "profile N disable\n"
		 "profile show [N]\n"
		 "debug [on|off]\n"
		 "vf N mac=MAC [ip4=A,..] [ip6=A,..] [vlan=V,..] [check=mac,ip,vlan|none] | vf N show\n"
		 "mtu N [VALUE] | mtu pf-max [VALUE]\n"
		 "trap [arp|dhcp|bcast|mcast|non_ip|all on|off]\n"
		 "rule add ID func=N dmac=MAC [prefix=A/LEN] action=forward|trap|drop [set_smac=MAC]\n"
		 "         [set_dmac=MAC] [ttl_dec=1] [encap=PROFILE outer_dmac=MAC outer_smac=MAC\n"
		 "         outer_src=IPV4 outer_dst=IPV4 [outer_vlan=VID] [ttl=64] [tos=0] [df=1]\n"
		 "         [sport=49152] [udp_csum=0|1] [vni=N] [key=N] [src_slot=N] [tgt_slot=N]\n"
		 "         [opaque=HEX]]\n"
		 "rule del ID | rule show [ID] | rules begin | rules commit\n"
		 "collator N off=O len=L | mask HEX|all|none | keys commit | keys show\n"
		 "irule add profile=P key=HEX vf=N [action=deliver|trap|drop] [ttl_dec=N] [short=0|1]\n"
		 "          [inner_dmac=MAC inner_smac=MAC [inner_type=T]]\n"
		 "irule del profile=P key=HEX [short=0|1] | irule del slot=S | irule show [slot=S]\n"
		 "stats [--json] [--clear] [--all]\n"
		 "reg read ADDR | reg write ADDR VALUE\n"
		 "send h2e|n2e FILE.pcap [meta=FILE.meta] [func=N]   (simulation only)\n"
		 "inject VF FILE.pcap   (simulation only)\n"
		 "run CYCLES | drain [MAX_CYCLES] | dump e2n|e2h FILE.pcap   (simulation only)\n");
	return 0;
}

static const struct {
	const char *name;
	cmd_fn fn;
} commands[] = {
	{ "ident", cmd_ident }, { "profile", vnr_cmd_profile }, { "debug", cmd_debug },
	{ "stats", vnr_cmd_stats }, { "reg", cmd_reg }, { "send", vnr_cmd_send },
	{ "run", vnr_cmd_run }, { "drain", vnr_cmd_drain }, { "dump", vnr_cmd_dump },
	{ "vf", vnr_cmd_vf }, { "mtu", vnr_cmd_mtu }, { "trap", vnr_cmd_trap },
	{ "rule", vnr_cmd_rule }, { "rules", vnr_cmd_rules }, { "help", cmd_help },
	{ "collator", vnr_cmd_collator }, { "mask", vnr_cmd_mask }, { "keys", vnr_cmd_keys },
	{ "irule", vnr_cmd_irule }, { "inject", vnr_cmd_inject },
};

int vnr_cmd_line(struct vnr_dev *d, const char *line, FILE *out, char *err, size_t errlen)
{
	char buf[MAX_LINE], *argv[MAX_ARGS];
	int argc;
	unsigned i;

	if (strlen(line) >= sizeof(buf))
		return vnr_errf(err, errlen, "line longer than %d characters", MAX_LINE - 1);
	strcpy(buf, line);
	argc = split_line(buf, argv, err, errlen);
	if (argc <= 0)
		return argc;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[0], commands[i].name))
			return commands[i].fn(d, argc, argv, out, err, errlen);
	return vnr_errf(err, errlen, "unknown command '%s' (try 'help')", argv[0]);
}

int vnr_cmd_file(struct vnr_dev *d, const char *path, FILE *out, char *err, size_t errlen)
{
	char line[MAX_LINE + 2], msg[512];
	unsigned lineno = 0;
	int rc = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return vnr_errf(err, errlen, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			rc = vnr_errf(err, errlen, "%s:%u: line longer than %d characters", path,
				      lineno, MAX_LINE - 1);
			break;
		}
		line[strcspn(line, "\r\n")] = 0;
		if (vnr_cmd_line(d, line, out, msg, sizeof(msg))) {
			rc = vnr_errf(err, errlen, "%s:%u: %s", path, lineno, msg);
			break;
		}
	}
	fclose(f);
	return rc;
}

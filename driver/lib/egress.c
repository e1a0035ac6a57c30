// SPDX-License-Identifier: MIT
/* The egress block's small commands (docs/egress.md sections 1 and 4):
 * vf N ..., vf N show, mtu, trap. Every argument is checked before the
 * first write. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include "drv_internal.h"

#define VF_OP_COMMIT 1
#define VF_OP_LOAD 2
#define VF_IP4_MAX 4
#define VF_IP6_MAX 2
#define VF_VLAN_MAX 4

int vnr_egress_ok(struct vnr_dev *d, const char *what, char *err, size_t len)
{
	if (!d->base[VNR_BLK_EGRESS_TYPE])
		return vnr_errf(err, len, "%s: the engine has no egress block (type %u)", what,
				VNR_BLK_EGRESS_TYPE);
	return 0;
}

int vnr_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6], i;
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
		   &tail) != 6 || strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

int vnr_parse_ip4(const char *s, uint8_t a[4])
{
	return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
}

int vnr_parse_ip6(const char *s, uint8_t a[16])
{
	return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int func_arg(struct vnr_dev *d, const char *what, const char *s, uint32_t *f, char *err,
		    size_t len)
{
	uint64_t x;

	if (vnr_parse_u64(s, &x))
		return vnr_errf(err, len, "%s: '%s' is not a number", what, s);
	if (x == 0)
		return vnr_errf(err, len, "%s 0: the PF has no entry (VFs are 1..NUM_VF %u)", what,
				d->id.num_vf);
	if (x > d->id.num_vf)
		return vnr_errf(err, len, "%s %s: above NUM_VF %u", what, s, d->id.num_vf);
	*f = (uint32_t)x;
	return 0;
}

/* ---- vf ---------------------------------------------------------------- */

struct vf_cfg {
	uint8_t mac[6];
	uint8_t ip4[VF_IP4_MAX][4], ip6[VF_IP6_MAX][16];
	uint32_t vlan[VF_VLAN_MAX];
	unsigned n4, n6, nvlan;
	int check_mac, check_ip, check_vlan, have_check, have_mac;
};

/* comma lists: count first, so the message can say how many were given */
static unsigned list_count(const char *s)
{
	unsigned n = 1;

	for (; *s; s++)
		n += *s == ',';
	return n;
}

static int vf_list(uint32_t vf, const char *key, const char *val, struct vf_cfg *c, char *err,
		   size_t len)
{
	unsigned n = list_count(val), max, i = 0;
	char buf[512], *tok, *save = NULL;

	max = !strcmp(key, "ip4") ? VF_IP4_MAX : !strcmp(key, "ip6") ? VF_IP6_MAX : VF_VLAN_MAX;
	if (n > max)
		return vnr_errf(err, len, "vf %u: %u %s, limit %u", vf, n,
				!strcmp(key, "ip4") ? "IPv4 addresses" :
				!strcmp(key, "ip6") ? "IPv6 addresses" : "VLANs", max);
	snprintf(buf, sizeof(buf), "%s", val);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++) {
		if (!strcmp(key, "ip4") && vnr_parse_ip4(tok, c->ip4[i]))
			return vnr_errf(err, len, "vf %u: ip4 '%s' is not an IPv4 address", vf, tok);
		if (!strcmp(key, "ip6") && vnr_parse_ip6(tok, c->ip6[i]))
			return vnr_errf(err, len, "vf %u: ip6 '%s' is not an IPv6 address", vf, tok);
		if (!strcmp(key, "vlan")) {
			char what[48];

			snprintf(what, sizeof(what), "vf %u: vlan", vf);
			if (vnr_parse_u32_max(what, tok, 4095, &c->vlan[i], err, len))
				return -1;
		}
	}
	if (i != n)
		return vnr_errf(err, len, "vf %u: %s=%s has an empty item", vf, key, val);
	if (!strcmp(key, "ip4"))
		c->n4 = n;
	else if (!strcmp(key, "ip6"))
		c->n6 = n;
	else
		c->nvlan = n;
	return 0;
}

static int vf_check(uint32_t vf, const char *val, struct vf_cfg *c, char *err, size_t len)
{
	char buf[128], *tok, *save = NULL;

	c->have_check = 1;
	if (!strcmp(val, "none"))
		return 0;
	snprintf(buf, sizeof(buf), "%s", val);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "mac"))
			c->check_mac = 1;
		else if (!strcmp(tok, "ip"))
			c->check_ip = 1;
		else if (!strcmp(tok, "vlan"))
			c->check_vlan = 1;
		else
			return vnr_errf(err, len, "vf %u: check '%s' is none of mac, ip, vlan, none",
					vf, tok);
	}
	return 0;
}

static int vf_arg(uint32_t vf, const char *kv, struct vf_cfg *c, char *err, size_t len)
{
	const char *eq = strchr(kv, '=');
	char key[16];

	if (!eq || eq == kv || !eq[1] || (size_t)(eq - kv) >= sizeof(key))
		return vnr_errf(err, len, "vf %u: '%s' is not key=value", vf, kv);
	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	if (!strcmp(key, "mac")) {
		if (vnr_parse_mac(eq + 1, c->mac))
			return vnr_errf(err, len, "vf %u: mac '%s' is not xx:xx:xx:xx:xx:xx", vf,
					eq + 1);
		c->have_mac = 1;
		return 0;
	}
	if (!strcmp(key, "ip4") || !strcmp(key, "ip6") || !strcmp(key, "vlan"))
		return vf_list(vf, key, eq + 1, c, err, len);
	if (!strcmp(key, "check"))
		return vf_check(vf, eq + 1, c, err, len);
	return vnr_errf(err, len, "vf %u: unknown key '%s' (mac ip4 ip6 vlan check)", vf, key);
}

static void vf_encode(const struct vf_cfg *c, uint32_t w[VNR_VF_SH_WORDS])
{
	static const unsigned ip4_lsb[] = { VNR_META_VFENT_IP4_0_LSB, VNR_META_VFENT_IP4_1_LSB,
					    VNR_META_VFENT_IP4_2_LSB, VNR_META_VFENT_IP4_3_LSB };
	static const unsigned ip6_lsb[] = { VNR_META_VFENT_IP6_0_W0_LSB, VNR_META_VFENT_IP6_1_W0_LSB };
	static const unsigned vlan_lsb[] = { VNR_META_VFENT_VLAN0_LSB, VNR_META_VFENT_VLAN1_LSB,
					     VNR_META_VFENT_VLAN2_LSB, VNR_META_VFENT_VLAN3_LSB };
	unsigned i, k;

	memset(w, 0, VNR_VF_SH_WORDS * sizeof(uint32_t));
	VNR_META_SET(w, VFENT, CHECK_MAC, c->check_mac);
	VNR_META_SET(w, VFENT, CHECK_IP, c->check_ip);
	VNR_META_SET(w, VFENT, CHECK_VLAN, c->check_vlan);
	VNR_META_SET(w, VFENT, MAC_HI, (uint32_t)c->mac[0] << 8 | c->mac[1]);
	VNR_META_SET(w, VFENT, MAC_LO, be32(c->mac + 2));
	for (i = 0; i < c->n4; i++)
		vnr_meta_set(w, ip4_lsb[i], 32, be32(c->ip4[i]));
	/* ip6_N_w0 holds bits [127:96], the next three words follow it */
	for (i = 0; i < c->n6; i++)
		for (k = 0; k < 4; k++)
			vnr_meta_set(w, ip6_lsb[i] + 32 * k, 32, be32(c->ip6[i] + 4 * k));
	for (i = 0; i < c->nvlan; i++) {
		vnr_meta_set(w, vlan_lsb[i], VNR_META_VFENT_VLAN0_W, c->vlan[i]);
		vnr_meta_set(w, vlan_lsb[i] + VNR_META_VFENT_VLAN0_W, 1, 1);
	}
}

static uint32_t vf_cmd(uint32_t vf, unsigned op)
{
	return VNR_FIELD_PUT(VNR_EGRESS_VF_CMD_INDEX, vf) | VNR_FIELD_PUT(VNR_EGRESS_VF_CMD_OP, op);
}

static int vf_show(struct vnr_dev *d, uint32_t vf, FILE *out, char *err, size_t len)
{
	uint32_t w[VNR_VF_SH_WORDS], v;
	unsigned i, k;

	if (vnr_dev_write(d, VNR_ADDR(d, EGRESS, VF_CMD), vf_cmd(vf, VF_OP_LOAD), err, len))
		return -1;
	for (i = 0; i < VNR_VF_SH_WORDS; i++)
		if (vnr_dev_read(d, VNR_ADDR(d, EGRESS, VF_SH) + 4 * i, &w[i], err, len))
			return -1;
	v = VNR_META_GET(w, VFENT, MAC_LO);
	vnr_outf(out, "vf %u: mac=%02x:%02x:%02x:%02x:%02x:%02x", vf,
		 VNR_META_GET(w, VFENT, MAC_HI) >> 8, VNR_META_GET(w, VFENT, MAC_HI) & 0xff,
		 v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
	for (i = 0; i < VF_IP4_MAX; i++) {
		v = vnr_meta_get(w, VNR_META_VFENT_IP4_0_LSB + 32 * i, 32);
		if (v)
			vnr_outf(out, " ip4=%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff,
				 v & 0xff);
	}
	for (i = 0; i < VF_IP6_MAX; i++) {
		uint8_t a[16];
		char s[64];

		for (k = 0; k < 4; k++) {
			v = vnr_meta_get(w, VNR_META_VFENT_IP6_0_W0_LSB + 128 * i + 32 * k, 32);
			a[4 * k] = v >> 24;
			a[4 * k + 1] = v >> 16;
			a[4 * k + 2] = v >> 8;
			a[4 * k + 3] = v;
		}
		if (memcmp(a, (uint8_t[16]){ 0 }, 16) && inet_ntop(AF_INET6, a, s, sizeof(s)))
			vnr_outf(out, " ip6=%s", s);
	}
	for (i = 0; i < VF_VLAN_MAX; i++)
		if (vnr_meta_get(w, VNR_META_VFENT_VLAN0_V_LSB + 16 * i, 1))
			vnr_outf(out, " vlan=%u", vnr_meta_get(w, VNR_META_VFENT_VLAN0_LSB + 16 * i, 12));
	vnr_outf(out, " check=%s%s%s%s\n", VNR_META_GET(w, VFENT, CHECK_MAC) ? "mac," : "",
		 VNR_META_GET(w, VFENT, CHECK_IP) ? "ip," : "",
		 VNR_META_GET(w, VFENT, CHECK_VLAN) ? "vlan," : "",
		 (w[0] & 7) ? "" : "none");
	return 0;
}

/* vf N mac=... [ip4=..] [ip6=..] [vlan=..] [check=..]: the whole entry. Without
 * check= every check whose data was given is on. */
int vnr_cmd_vf(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	struct vf_cfg c;
	uint32_t vf, w[VNR_VF_SH_WORDS];
	unsigned i;
	int a;

	if (vnr_egress_ok(d, "vf", err, len))
		return -1;
	if (argc < 3)
		return vnr_errf(err, len, "vf: usage: vf N mac=MAC [ip4=A,..] [ip6=A,..] [vlan=V,..] "
				"[check=mac,ip,vlan|none] | vf N show");
	if (func_arg(d, "vf", argv[1], &vf, err, len))
		return -1;
	if (!strcmp(argv[2], "show")) {
		if (argc > 3)
			return vnr_errf(err, len, "vf %u show: unexpected '%s'", vf, argv[3]);
		return vf_show(d, vf, out, err, len);
	}
	memset(&c, 0, sizeof(c));
	for (a = 2; a < argc; a++)
		if (vf_arg(vf, argv[a], &c, err, len))
			return -1;
	if (!c.have_mac)
		return vnr_errf(err, len, "vf %u: missing mac=", vf);
	if (!c.have_check) {
		c.check_mac = 1;
		c.check_ip = c.n4 || c.n6;
		c.check_vlan = c.nvlan != 0;
	}
	vf_encode(&c, w);
	for (i = 0; i < VNR_VF_SH_WORDS; i++)
		if (vnr_dev_write(d, VNR_ADDR(d, EGRESS, VF_SH) + 4 * i, w[i], err, len))
			return -1;
	return vnr_dev_write(d, VNR_ADDR(d, EGRESS, VF_CMD), vf_cmd(vf, VF_OP_COMMIT), err, len);
}

/* ---- mtu --------------------------------------------------------------- */

static int mtu_pf_max(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t v;

	if (argc == 2) {
		if (vnr_dev_read(d, VNR_ADDR(d, EGRESS, PF_MAX_MTU), &v, err, len))
			return -1;
		vnr_outf(out, "mtu pf-max %u\n", v & VNR_EGRESS_PF_MAX_MTU_MTU_MASK);
		return 0;
	}
	if (argc > 3)
		return vnr_errf(err, len, "mtu pf-max: unexpected '%s'", argv[3]);
	if (vnr_parse_u32_max("mtu pf-max", argv[2], 0xffff, &v, err, len))
		return -1;
	if (v < VNR_MTU_MIN)
		return vnr_errf(err, len, "mtu pf-max: %u below MTU_MIN %u", v, VNR_MTU_MIN);
	return vnr_dev_write(d, VNR_ADDR(d, EGRESS, PF_MAX_MTU), v, err, len);
}

int vnr_cmd_mtu(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t vf, v, max;
	char what[32];

	if (vnr_egress_ok(d, "mtu", err, len))
		return -1;
	if (argc < 2)
		return vnr_errf(err, len, "mtu: usage: mtu N [VALUE] | mtu pf-max [VALUE]");
	if (!strcmp(argv[1], "pf-max"))
		return mtu_pf_max(d, argc, argv, out, err, len);
	if (func_arg(d, "mtu", argv[1], &vf, err, len))
		return -1;
	if (argc > 3)
		return vnr_errf(err, len, "mtu %u: unexpected '%s'", vf, argv[3]);
	if (argc == 2) {
		if (vnr_dev_write(d, VNR_ADDR(d, EGRESS, MTU_SEL), vf, err, len) ||
		    vnr_dev_read(d, VNR_ADDR(d, EGRESS, MTU_VAL), &v, err, len))
			return -1;
		vnr_outf(out, "mtu %u %u\n", vf, v & VNR_EGRESS_MTU_VAL_MTU_MASK);
		return 0;
	}
	snprintf(what, sizeof(what), "mtu %u", vf);
	if (vnr_parse_u32_max(what, argv[2], 0xffff, &v, err, len) ||
	    vnr_dev_read(d, VNR_ADDR(d, EGRESS, PF_MAX_MTU), &max, err, len))
		return -1;
	max &= VNR_EGRESS_PF_MAX_MTU_MTU_MASK;
	if (v < VNR_MTU_MIN)
		return vnr_errf(err, len, "mtu %u: %u below MTU_MIN %u", vf, v, VNR_MTU_MIN);
	if (v > max)
		return vnr_errf(err, len, "mtu %u: %u above PF_MAX_MTU %u", vf, v, max);
	if (vnr_dev_write(d, VNR_ADDR(d, EGRESS, MTU_SEL), vf, err, len))
		return -1;
	return vnr_dev_write(d, VNR_ADDR(d, EGRESS, MTU_VAL), v, err, len);
}

/* ---- trap -------------------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t mask;
} traps[] = {
	{ "arp", VNR_EGRESS_TRAP_CTRL_ARP_MASK },     { "dhcp", VNR_EGRESS_TRAP_CTRL_DHCP_MASK },
	{ "bcast", VNR_EGRESS_TRAP_CTRL_BCAST_MASK }, { "mcast", VNR_EGRESS_TRAP_CTRL_MCAST_MASK },
	{ "non_ip", VNR_EGRESS_TRAP_CTRL_NON_IP_MASK },
};
#define NUM_TRAPS (sizeof(traps) / sizeof(traps[0]))

int vnr_cmd_trap(struct vnr_dev *d, int argc, char **argv, FILE *out, char *err, size_t len)
{
	uint32_t addr = VNR_ADDR(d, EGRESS, TRAP_CTRL), v, mask = 0;
	unsigned i;

	if (vnr_egress_ok(d, "trap", err, len))
		return -1;
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "show"))) {
		if (vnr_dev_read(d, addr, &v, err, len))
			return -1;
		for (i = 0; i < NUM_TRAPS; i++)
			vnr_outf(out, "trap %s %s\n", traps[i].name, v & traps[i].mask ? "on" : "off");
		return 0;
	}
	if (argc != 3)
		return vnr_errf(err, len, "trap: usage: trap arp|dhcp|bcast|mcast|non_ip|all on|off");
	for (i = 0; i < NUM_TRAPS; i++)
		if (!strcmp(argv[1], traps[i].name) || !strcmp(argv[1], "all"))
			mask |= traps[i].mask;
	if (!mask)
		return vnr_errf(err, len, "trap: '%s' is none of arp, dhcp, bcast, mcast, non_ip, all",
				argv[1]);
	if (strcmp(argv[2], "on") && strcmp(argv[2], "off"))
		return vnr_errf(err, len, "trap %s: '%s' is not on or off", argv[1], argv[2]);
	if (vnr_dev_read(d, addr, &v, err, len))
		return -1;
	v = !strcmp(argv[2], "on") ? v | mask : v & ~mask;
	return vnr_dev_write(d, addr, v, err, len);
}

// SPDX-License-Identifier: MPL-2.0
// Finding PCI functions and binding drivers to them by vendor/device/class id.
#define pr_fmt(fmt) "pci: " fmt

#include <hal/errno.h>
#include <hal/log.h>
#include <hal/rawlock.h>
#include "pci_internal.h"

static LIST_HEAD(pci_drivers);
/* Guards the driver list and pdev->driver; probes run outside it. */
static struct raw_lock drivers_lock = RAW_LOCK_INIT;

struct pci_dev *pci_next(struct pci_dev *from)
{
	struct list_head *next = from ? from->link.next : pci_devices.next;

	return next == &pci_devices ? NULL : list_entry(next, struct pci_dev, link);
}

struct pci_dev *pci_find_device(u16 vendor, u16 device, struct pci_dev *from)
{
	for (struct pci_dev *p = pci_next(from); p; p = pci_next(p))
		if ((vendor == PCI_ANY_ID || p->vendor == vendor) &&
		    (device == PCI_ANY_ID || p->device == device))
			return p;
	return NULL;
}

struct pci_dev *pci_find_class(u32 class, u32 mask, struct pci_dev *from)
{
	for (struct pci_dev *p = pci_next(from); p; p = pci_next(p))
		if ((p->class & mask) == (class & mask))
			return p;
	return NULL;
}

static bool id_is_end(const struct pci_device_id *id)
{
	return !id->vendor && !id->device && !id->class && !id->class_mask;
}

static const struct pci_device_id *id_match(const struct pci_driver *drv,
					    const struct pci_dev *pdev)
{
	for (const struct pci_device_id *id = drv->ids; !id_is_end(id); id++)
		if ((id->vendor == PCI_ANY_ID || id->vendor == pdev->vendor) &&
		    (id->device == PCI_ANY_ID || id->device == pdev->device) &&
		    (pdev->class & id->class_mask) == (id->class & id->class_mask))
			return id;
	return NULL;
}

/* Claim @pdev for @drv before probing, so two drivers never probe one function at once. */
static bool try_claim(struct pci_dev *pdev, const struct pci_driver *drv)
{
	unsigned long flags = raw_lock_irqsave(&drivers_lock);
	bool ok = !pdev->driver;

	if (ok)
		pdev->driver = drv;
	raw_unlock_irqrestore(&drivers_lock, flags);
	return ok;
}

static void release(struct pci_dev *pdev)
{
	unsigned long flags = raw_lock_irqsave(&drivers_lock);

	pdev->driver = NULL;
	pdev->drvdata = NULL;
	raw_unlock_irqrestore(&drivers_lock, flags);
}

static bool probe_one(struct pci_driver *drv, struct pci_dev *pdev)
{
	const struct pci_device_id *id = id_match(drv, pdev);
	int err;

	if (!id || !try_claim(pdev, drv))
		return false;
	err = drv->probe(pdev, id);
	if (!err) {
		pr_info("%s: bound to %s\n", pdev->dev.name, drv->name);
		return true;
	}
	release(pdev);
	if (err != -ENODEV)
		pr_warn("%s: %s probe failed (%d)\n", pdev->dev.name, drv->name, err);
	return false;
}

int pci_register_driver(struct pci_driver *drv)
{
	unsigned long flags;
	int bound = 0;

	if (!drv || !drv->ids || !drv->probe || !drv->name)
		return -EINVAL;
	flags = raw_lock_irqsave(&drivers_lock);
	list_add_tail(&drv->link, &pci_drivers);
	raw_unlock_irqrestore(&drivers_lock, flags);
	for (struct pci_dev *p = pci_next(NULL); p; p = pci_next(p))
		bound += probe_one(drv, p);
	return bound;
}

void pci_set_drvdata(struct pci_dev *pdev, void *data)
{
	pdev->drvdata = data;
}

void *pci_get_drvdata(const struct pci_dev *pdev)
{
	return pdev->drvdata;
}
